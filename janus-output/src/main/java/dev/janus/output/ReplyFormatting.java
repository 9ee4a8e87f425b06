package dev.janus.output;

import java.util.List;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.output.format.ChannelFormatter;

/**
 * Output's main duty: each {@code orchestrator.response.ready} is shaped for its channel and
 * published as {@code output.formatting.completed}, which puts it in the stream's outbox and lets
 * the input node holding the client's connection push it; then {@code output.message.sent}
 * records the delivery. Both events have ids derived from the reply, so a redelivered reply is
 * not delivered twice.
 */
public class ReplyFormatting extends EventHandlers {

    private final EventBus bus;
    private final ChannelFormatter formatter;

    public ReplyFormatting(EventBus bus, ChannelFormatter formatter) {
        this.bus = bus;
        this.formatter = formatter;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.ORCHESTRATOR_RESPONSE_READY, OutputConfiguration.COMPONENT, this::on));
    }

    void on(JanusEvent ready, FormattedResponse reply) {
        FormattedResponse formatted = formatter.format(reply, reply.channel());
        JanusEvent completed = ready.replyOnce(EventKeys.OUTPUT_FORMATTING_COMPLETED, formatted,
                OutputConfiguration.COMPONENT);
        bus.publish(completed).join();
        bus.publish(completed.replyOnce(EventKeys.OUTPUT_MESSAGE_SENT,
                new DeliveredMessage(formatted.text(), formatted.channel(), "outbox"), OutputConfiguration.COMPONENT))
                .join();
    }

}
