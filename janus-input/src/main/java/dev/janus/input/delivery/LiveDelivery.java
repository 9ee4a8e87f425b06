package dev.janus.input.delivery;

import java.util.List;

import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
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
                bus.subscribeBroadcast(EventKeys.ORCHESTRATOR_RESPONSE_READY, component,
                        (ready, response) -> waiters.complete(ready)),
                bus.subscribeBroadcast(EventKeys.OUTPUT_FORMATTING_COMPLETED, component, this::onReply),
                bus.subscribeBroadcast(EventKeys.TOOLS_EXECUTION_PROGRESS, component, this::onToolProgress),
                bus.subscribeBroadcast(EventKeys.LLM_RESPONSE_DELTA, component, this::onDelta),
                bus.subscribeBroadcast(EventKeys.PROACTIVE_SUGGESTION_READY, component, this::onSuggestion));
    }

    private void onReply(JanusEvent reply, FormattedResponse response) {
        if (connections.isConnected(reply.streamId())) {
            connections.push(reply.streamId(), Outbox.frame(reply, response));
        }
    }

    private void onDelta(JanusEvent event, ResponseDelta delta) {
        if (connections.isConnected(event.streamId())) {
            connections.push(event.streamId(), new Frame.Delta(event.correlationId(), delta.sequence(), delta.text()));
        }
    }

    private void onSuggestion(JanusEvent event, ProactiveSuggestion suggestion) {
        if (connections.isConnected(event.streamId())) {
            connections.push(event.streamId(), new Frame.Suggestion(suggestion.suggestionId(), suggestion.kind(),
                    suggestion.text()));
        }
    }

    private void onToolProgress(JanusEvent event, ToolProgress progress) {
        if (connections.isConnected(event.streamId())) {
            connections.push(event.streamId(), new Frame.ToolProgress(event.correlationId(), progress.callId(),
                    progress.toolName(), progress.fraction(), progress.message()));
        }
    }

}
