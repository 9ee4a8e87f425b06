package dev.janus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.PublishException;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.EventKeys;
import org.junit.jupiter.api.Test;

/** What only the in-memory engine does: its backpressure and its bounded history. */
class InMemoryEventBusTests {

    @Test
    void failsAPublishWhenAGroupIsFullAndMakesNoRoomInTime() throws Exception {
        // given: a group allowed 2 events in flight whose handler is stuck
        try (InMemoryEventBus bus = TestBuses.inMemory(
                TestBusSettings.memory().maxInFlight(2).shutdownTimeout(Duration.ofMillis(200)).build())) {
            CountDownLatch stuck = new CountDownLatch(1);
            bus.subscribe("input.message.received", "janus-memory", event -> stuck.await(10, TimeUnit.SECONDS));
            bus.publish(EventFixtures.textMessage("s", "one")).join();
            bus.publish(EventFixtures.textMessage("s", "two")).join();

            // when
            var third = bus.publish(EventFixtures.textMessage("s", "three"));

            // then
            assertThat(third).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                    .isInstanceOf(PublishException.class)
                    .withMessageContaining("janus.bus.max-in-flight");
            stuck.countDown();
        }
    }

    @Test
    void keepsOnlyTheConfiguredNumberOfEventsInHistory() {
        // given
        try (InMemoryEventBus bus = TestBuses.inMemory(new dev.janus.bus.config.BusProperties(null, null, null, null, null,
                null, null, null, new dev.janus.bus.config.BusProperties.Memory(3), null, null, null))) {

            // when
            for (int i = 0; i < 5; i++) {
                bus.publish(EventFixtures.textMessage("s", "event " + i)).join();
            }

            // then
            assertThat(bus.recentEvents(dev.janus.bus.EventPattern.ALL, null, 10))
                    .extracting(event -> event.content(dev.janus.events.EventKeys.INPUT_MESSAGE_RECEIVED).text())
                    .containsExactly("event 2", "event 3", "event 4");
        }
    }
}
