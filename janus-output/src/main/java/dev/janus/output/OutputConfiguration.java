package dev.janus.output;

import java.time.Clock;

import dev.janus.bus.EventBus;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventType;
import dev.janus.output.format.ChannelFormatter;
import dev.janus.output.webhook.WebhookDelivery;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The output component's beans: channel formatting with delivery to the outbox, and the webhook
 * channel. Imported by its own {@link OutputApplication} and by the all-in-one app; no other
 * component imports it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutputProperties.class)
public class OutputConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-output";

    @Bean
    ComponentEvents outputEvents() {
        return ComponentEvents.of(COMPONENT)
                .publishes(EventType.OUTPUT_FORMATTING_COMPLETED, EventType.OUTPUT_MESSAGE_SENT,
                        EventType.OUTPUT_MESSAGE_FAILED)
                .consumes(EventType.ORCHESTRATOR_RESPONSE_READY)
                .build();
    }

    /** The webhook's group; what it delivers is published as {@code janus-output}'s. */
    @Bean
    ComponentEvents outputWebhookEvents(OutputProperties properties) {
        String condition = "only while janus.output.webhook.url is set";
        boolean configured = properties.webhook().enabled();
        return ComponentEvents.of(WebhookDelivery.GROUP)
                .consumesWhile(EventType.OUTPUT_FORMATTING_COMPLETED, condition, configured)
                .consumesWhile(EventType.PROACTIVE_SUGGESTION_READY, condition, configured)
                .build();
    }

    @Bean
    ChannelFormatter channelFormatter() {
        return new ChannelFormatter();
    }

    @Bean
    ReplyFormatting replyFormatting(EventBus bus, ChannelFormatter formatter) {
        return new ReplyFormatting(bus, formatter);
    }

    @Bean
    WebhookDelivery webhookDelivery(EventBus bus, OutputProperties properties, ChannelFormatter formatter) {
        return new WebhookDelivery(bus, properties.webhook(), formatter, Clock.systemUTC());
    }
}
