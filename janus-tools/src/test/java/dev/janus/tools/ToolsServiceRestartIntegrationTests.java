package dev.janus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.janus.bus.EventBus;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.tools.timers.ReminderStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The tools service on Redis across a restart: one instance sets a reminder and stops before it is due; the
 * next instance, on the same Redis, fires it — once.
 */
@ExtendWith(RedisExtension.class)
class ToolsServiceRestartIntegrationTests {

    private static ConfigurableApplicationContext instance(RedisEndpoint redis, String name) {
        return new SpringApplicationBuilder(ToolsApplication.class).web(WebApplicationType.NONE)
                .properties("janus.bus.type=redis", "janus.bus.redis.url=" + redis.url(),
                        "janus.bus.consumer-name=" + name, "janus.tools.reminders.poll-interval=50ms",
                        "spring.application.name=janus-tools")
                .run();
    }

    @Test
    void aReminderSetBeforeARestartIsDeliveredOnceByTheNextInstance() throws Exception {
        // given: the first instance sets a reminder due in 3 seconds, then stops
        RedisEndpoint redis = RedisExtension.sharedEndpoint();
        redis.flush();
        JanusEvent request = JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, "restart-conversation",
                new ToolRequest(List.of(new ToolCall("reminder-1", "reminder",
                        Map.of("text", "call Maria", "in_seconds", 3)))),
                new EventContext("janus-orchestrator", "ada", "chat", null, Map.of()));
        try (ConfigurableApplicationContext first = instance(redis, "tools-first");
                EventTestHarness harness = new EventTestHarness(first.getBean(EventBus.class))) {
            JanusEvent completed = harness.sendAndWait(request, EventType.TOOLS_EXECUTION_COMPLETED, Duration.ofSeconds(20));
            assertThat(completed.content(EventKeys.TOOLS_EXECUTION_COMPLETED).output()).startsWith("I'll remind you to call Maria at ");
            first.getBean(dev.janus.tools.timers.ReminderScheduler.class).stop();
            assertThat(first.getBean(ReminderStore.class).pending()).isEqualTo(1);
        }

        // when: the next instance starts on the same Redis
        try (ConfigurableApplicationContext second = instance(redis, "tools-second");
                EventTestHarness harness = new EventTestHarness(second.getBean(EventBus.class))) {

            // then
            JanusEvent due = harness.awaitEvent(EventType.TOOLS_REMINDER_DUE,
                    event -> event.correlationId().equals(request.correlationId()), Duration.ofSeconds(20));
            assertThat(due.content(EventKeys.TOOLS_REMINDER_DUE).text()).isEqualTo("call Maria");
            assertThat(due.content(EventKeys.TOOLS_REMINDER_DUE).userId()).isEqualTo("ada");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> second.getBean(ReminderStore.class).pending() == 0);
            assertThat(harness.publishedEvents()).filteredOn(event -> event.eventType() == EventType.TOOLS_REMINDER_DUE)
                    .hasSize(1);
        }
    }
}
