package dev.janus.tools.execution;


import dev.janus.events.EventContent;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolExecutionStarted;
import dev.janus.events.ToolProgress;
import dev.janus.events.ToolResult;

/**
 * Builds the lifecycle events of a call as replies to its request: same stream, correlation and trace, caused
 * by the request. Like {@link JanusEvent#replyOnce}, each id derives from the request's id — and also from the
 * call id (and the progress report's number), because one request has several calls: a call that is handled
 * again publishes the very same events, which consumers skip.
 */
final class CallEvents {

    private final String source;

    CallEvents(String source) {
        this.source = source;
    }

    JanusEvent started(JanusEvent request, ToolCall call) {
        return reply(request, EventKeys.TOOLS_EXECUTION_STARTED, call.callId(),
                new ToolExecutionStarted(call.callId(), call.name()));
    }

    JanusEvent progress(JanusEvent request, ToolCall call, int number, double fraction, String message) {
        return reply(request, EventKeys.TOOLS_EXECUTION_PROGRESS, call.callId() + "/" + number,
                new ToolProgress(call.callId(), call.name(), fraction, message));
    }

    JanusEvent result(JanusEvent request, ToolResult result) {
        return reply(request, result.succeeded() ? EventKeys.TOOLS_EXECUTION_COMPLETED : EventKeys.TOOLS_EXECUTION_FAILED,
                result.callId(), result);
    }

    private <C extends EventContent> JanusEvent reply(JanusEvent request, EventKey<C> key, String discriminator,
            C content) {
        return request.replyOnce(key, content, source, discriminator);
    }
}
