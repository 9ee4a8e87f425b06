package dev.janus.bus;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogContextTests {

    @Test
    void aHandlerLogsWithItsEventsIds() throws Exception {
        // given
        BusProperties properties = BusProperties.defaults();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CompletableFuture<Map<String, String>> duringHandling = new CompletableFuture<>();
        JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "stream-7", new TextContent("hi"),
                EventContext.from("test"));
        try (InMemoryEventBus bus = new InMemoryEventBus(properties, new BusMetrics(meters), BusTracing.noop(),
                BusAutoConfiguration.circuitBreakers(properties, meters))) {
            bus.subscribe("input.message.received", "logging-test",
                    handled -> duringHandling.complete(MDC.getCopyOfContextMap()));

            // when
            bus.publish(event).join();

            // then
            assertThat(duringHandling.get(10, TimeUnit.SECONDS)).containsEntry(EventLogContext.STREAM_ID, "stream-7")
                    .containsEntry(EventLogContext.CORRELATION_ID, event.correlationId())
                    .containsEntry(EventLogContext.EVENT_ID, event.eventId())
                    .containsEntry(EventLogContext.TRACE_ID, event.traceId());
        }
    }

    @Test
    void restoresWhatTheThreadHadBefore() {
        JanusEvent event = JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "inner", new TextContent("hi"),
                EventContext.from("test"));
        MDC.put(EventLogContext.STREAM_ID, "outer");
        try {
            try (EventLogContext context = EventLogContext.of(event)) {
                assertThat(MDC.get(EventLogContext.STREAM_ID)).isEqualTo("inner");
            }
            assertThat(MDC.get(EventLogContext.STREAM_ID)).isEqualTo("outer");
            assertThat(MDC.get(EventLogContext.EVENT_ID)).isNull();
        }
        finally {
            MDC.clear();
        }
    }
}
