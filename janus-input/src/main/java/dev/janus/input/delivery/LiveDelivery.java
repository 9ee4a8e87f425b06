package dev.janus.input.delivery;

import java.util.List;

import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.ResponseDelta;
import dev.janus.events.ToolProgress;
import dev.janus.input.InputConfiguration;

/**
 * Pushes what concerns this node's clients as it happens: formatted replies, reply deltas, tool progress and
 * proactive suggestions to
 * the connections of their stream, and replies to the {@code ?wait=} requests waiting here. Every
 * input node sees every such event (broadcast subscriptions); only the node holding a stream's
 * connection has anyone to push to.
 */
public class LiveDelivery extends EventHandlers {

    private final EventSubscriber bus;
    private final ClientConnections connections;
    private final ReplyWaiters waiters;

    public LiveDelivery(EventSubscriber bus, ClientConnections connections, ReplyWaiters waiters) {
        this.bus = bus;
        this.connections = connections;
        this.waiters = waiters;
    }

    @Override
    protected List<Subscription> subscribe() {
        String component = InputConfiguration.COMPONENT;
        return List.of(
                bus.subscribeBroadcast(EventType.ORCHESTRATOR_RESPONSE_READY.wireName(), component, waiters::complete),
                bus.subscribeBroadcast(EventType.OUTPUT_FORMATTING_COMPLETED.wireName(), component, this::onReply),
                bus.subscribeBroadcast(EventType.TOOLS_EXECUTION_PROGRESS.wireName(), component,
                        this::onToolProgress),
                bus.subscribeBroadcast(EventType.LLM_RESPONSE_DELTA.wireName(), component, this::onDelta),
                bus.subscribeBroadcast(EventType.PROACTIVE_SUGGESTION_READY.wireName(), component,
                        this::onSuggestion));
    }

    private void onReply(JanusEvent reply) {
        if (connections.isConnected(reply.streamId())) {
            connections.push(reply.streamId(), Outbox.frame(reply));
        }
    }

    private void onDelta(JanusEvent event) {
        if (connections.isConnected(event.streamId())) {
            ResponseDelta delta = event.contentAs(ResponseDelta.class);
            connections.push(event.streamId(), new Frame.Delta(event.correlationId(), delta.sequence(), delta.text()));
        }
    }

    private void onSuggestion(JanusEvent event) {
        if (connections.isConnected(event.streamId())) {
            ProactiveSuggestion suggestion = event.contentAs(ProactiveSuggestion.class);
            connections.push(event.streamId(), new Frame.Suggestion(suggestion.suggestionId(), suggestion.kind(),
                    suggestion.text()));
        }
    }

    private void onToolProgress(JanusEvent event) {
        if (connections.isConnected(event.streamId())) {
            ToolProgress progress = event.contentAs(ToolProgress.class);
            connections.push(event.streamId(), new Frame.ToolProgress(event.correlationId(), progress.callId(),
                    progress.toolName(), progress.fraction(), progress.message()));
        }
    }

}
