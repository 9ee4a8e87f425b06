package dev.janus.testkit;

import java.util.List;
import java.util.Map;

import dev.janus.events.AssembledContext;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;

/** Ready-made events for tests. */
public final class EventFixtures {

    /** The source tests publish as. */
    public static final String TEST_SOURCE = "janus-test";

    private EventFixtures() {
    }

    /** A user's chat message, as {@code janus-input} publishes it. */
    public static JanusEvent textMessage(String streamId, String text) {
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, streamId, new TextContent(text),
                new EventContext(TEST_SOURCE, "user-1", "chat", null, Map.of()));
    }

    /** A context-assembled event with nothing in it. */
    public static JanusEvent emptyContext(String streamId) {
        return JanusEvent.create(EventKeys.MEMORY_CONTEXT_ASSEMBLED, streamId, AssembledContext.empty(),
                EventContext.from(TEST_SOURCE));
    }

    /** A request to run one tool. */
    public static JanusEvent toolRequest(String streamId, String tool, Map<String, Object> arguments) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, streamId,
                new ToolRequest(List.of(new ToolCall("call-1", tool, arguments))), EventContext.from(TEST_SOURCE));
    }
}
