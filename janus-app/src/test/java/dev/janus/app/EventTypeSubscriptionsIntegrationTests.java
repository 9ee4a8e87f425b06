package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.orchestrator.llm.LlmProperties;
import dev.janus.output.OutputProperties;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What {@link EventType#consumers()} says against what the running all-in-one app subscribes to: every live
 * subscription of every component is an exact type whose consumers name its group (a broadcast subscription: its
 * component), and every consumer named has its subscription. The consumers that subscribe only when configured are
 * left out where this configuration (the defaults, the context {@link ProactiveFlowIntegrationTests} shares) has
 * them off, and the test checks that it does.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventTypeSubscriptionsIntegrationTests {

    /** The LLM component reads video frames only while a provider in use takes images. */
    private static final String VIDEO_FOR_IMAGES = EventType.INPUT_VIDEO_FRAME.wireName() + " janus-llm";

    /** The webhook's group subscribes only while {@code janus.output.webhook.url} is set. */
    private static final String WEBHOOK = "janus-output-webhook";

    @Autowired
    EventBus bus;

    @Autowired
    LlmProperties llm;

    @Autowired
    OutputProperties output;

    @Test
    void theLiveSubscriptionsAreExactlyTheConsumersTheCatalogueNames() {
        // given this configuration leaves the optional consumers off
        assertThat(llm.providersInUse()).noneMatch(llm::imagesOf);
        assertThat(output.webhook().enabled()).isFalse();

        // when
        Set<String> live = new TreeSet<>();
        for (Subscription subscription : bus.liveSubscriptions()) {
            String component = component(subscription);
            if (!component.equals(EventTestHarness.GROUP)) {
                live.add(subscription.pattern() + " " + component);
            }
        }

        // then
        Set<String> catalogued = new TreeSet<>();
        for (EventType type : EventType.values()) {
            type.consumers().forEach(consumer -> catalogued.add(type.wireName() + " " + consumer));
        }
        catalogued.remove(VIDEO_FOR_IMAGES);
        catalogued.removeIf(entry -> entry.endsWith(" " + WEBHOOK));
        assertThat(live).as("live subscriptions (pattern and group) of the all-in-one app, against "
                + "EventType.consumers(); fix EventType and regenerate docs/events.md")
                .containsExactlyElementsOf(catalogued);
    }

    /** The consumer group, or for a broadcast subscription ({@code janus-input@node-1}) its component. */
    private static String component(Subscription subscription) {
        String group = subscription.group();
        int at = group.indexOf('@');
        return at < 0 ? group : group.substring(0, at);
    }
}
