package dev.janus.app.replay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;

/**
 * The tools of a replay: every call is answered with the result recorded for the same tool and arguments in the
 * same request, so nothing with side effects (reminders, HTTP, MCP servers) runs again and clock-dependent tools
 * answer as they did. A call the recording does not have (the shadow configuration asked for something new) fails
 * with a reason saying so. Answers in the {@code janus-tools} group, which the shadow has to itself.
 */
public final class RecordedTools extends EventHandlers {

    private static final String GROUP = "janus-tools";

    private final EventBus bus;
    private final Map<String, ToolResult> recorded = new HashMap<>();

    public RecordedTools(EventBus bus, List<JanusEvent> recording) {
        this.bus = bus;
        Map<String, ToolCall> calls = new HashMap<>();
        for (JanusEvent event : recording) {
            if (event.eventType() == EventType.ORCHESTRATOR_TOOLS_REQUESTED) {
                event.content(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED).calls()
                        .forEach(call -> calls.put(event.correlationId() + "/" + call.callId(), call));
            }
        }
        for (JanusEvent event : recording) {
            if (event.eventType() == EventType.TOOLS_EXECUTION_COMPLETED
                    || event.eventType() == EventType.TOOLS_EXECUTION_FAILED) {
                ToolResult result = ToolResult.of(event);
                ToolCall call = calls.get(event.correlationId() + "/" + result.callId());
                if (call != null) {
                    recorded.put(key(event.correlationId(), call), result);
                }
            }
        }
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, GROUP, this::answer));
    }

    private void answer(JanusEvent request, ToolRequest calls) {
        for (ToolCall call : calls.calls()) {
            ToolResult result = recorded.get(key(request.correlationId(), call));
            ToolResult answer = result != null
                    ? new ToolResult(call.callId(), call.name(), result.output(), result.error(), result.durationMs())
                    : new ToolResult(call.callId(), call.name(), null, "not run during replay: the recording has no "
                            + "result of " + call.name() + " with these arguments for this request", 0);
            EventKey<ToolResult> key = answer.succeeded() ? EventKeys.TOOLS_EXECUTION_COMPLETED
                    : EventKeys.TOOLS_EXECUTION_FAILED;
            bus.publish(request.replyOnce(key, answer, GROUP, call.callId())).join();
        }
    }

    private static String key(String correlationId, ToolCall call) {
        return correlationId + "/" + call.name() + " " + new TreeMap<>(call.arguments());
    }
}
