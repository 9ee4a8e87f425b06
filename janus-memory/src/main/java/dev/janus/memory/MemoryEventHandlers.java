package dev.janus.memory;

import java.util.List;
import java.util.Locale;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHandler;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventType;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.StreamEnded;
import dev.janus.events.StreamStarted;
import dev.janus.events.TextContent;
import dev.janus.events.ToolResult;
import dev.janus.memory.history.HistoryEntry;

/**
 * Memory's subscriptions, in consumer group {@value MemoryConfiguration#COMPONENT}:
 * <ul>
 * <li>{@code input.message.received} — the user's message: history and facts at once; recall and patterns with the
 * embedding its context request brings, or memory's own after {@code janus.memory.recall.embedding-wait};</li>
 * <li>{@code input.stream.started} / {@code input.stream.ended} — markers in the stream's history;</li>
 * <li>{@code tools.execution.completed} — the tool's result as a {@code tool} turn, recallable;</li>
 * <li>{@code llm.response.generated} — the reply as an {@code assistant} turn;</li>
 * <li>{@code orchestrator.context.requested} — answered with {@code memory.context.assembled}
 * ({@link JanusEvent#replyOnce}, so the orchestrator's join finds it by correlation id and a redelivery republishes
 * the same id).</li>
 * </ul>
 * Audio chunks and video frames are not subscribed to: they are not text, and their transcripts arrive as messages.
 */
public final class MemoryEventHandlers extends EventHandlers {

    private final EventBus bus;
    private final MemoryRecorder recorder;
    private final ContextAssembler assembler;

    public MemoryEventHandlers(EventBus bus, MemoryRecorder recorder, ContextAssembler assembler) {
        this.bus = bus;
        this.recorder = recorder;
        this.assembler = assembler;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(subscribe(EventType.ORCHESTRATOR_CONTEXT_REQUESTED, this::onContextRequested),
                subscribe(EventType.INPUT_MESSAGE_RECEIVED, this::onMessage),
                subscribe(EventType.INPUT_STREAM_STARTED, this::onStreamStarted),
                subscribe(EventType.INPUT_STREAM_ENDED, this::onStreamEnded),
                subscribe(EventType.TOOLS_EXECUTION_COMPLETED, this::onToolResult),
                subscribe(EventType.LLM_RESPONSE_GENERATED, this::onReply),
                subscribe(EventType.OUTPUT_MESSAGE_SENT, this::onDelivered));
    }

    private Subscription subscribe(EventType type, EventHandler handler) {
        return bus.subscribe(type.wireName(), MemoryConfiguration.COMPONENT, handler);
    }

    void onContextRequested(JanusEvent request) {
        bus.publish(request.replyOnce(EventType.MEMORY_CONTEXT_ASSEMBLED, assembler.assemble(request),
                MemoryConfiguration.COMPONENT)).join();
    }

    void onMessage(JanusEvent message) {
        recorder.recordArrivingMessage(message, message.contentAs(TextContent.class).text());
    }

    void onStreamStarted(JanusEvent event) {
        StreamStarted started = event.contentAs(StreamStarted.class);
        recorder.recordInHistory(event, HistoryEntry.EVENT, "stream started (" + started.sessionType().name().toLowerCase(Locale.ROOT)
                + (started.participants().isEmpty() ? "" : ", participants " + started.participants()) + ")");
    }

    void onStreamEnded(JanusEvent event) {
        recorder.recordInHistory(event, HistoryEntry.EVENT,
                "stream ended (" + event.contentAs(StreamEnded.class).reason() + ")");
    }

    void onToolResult(JanusEvent event) {
        ToolResult result = event.contentAs(ToolResult.class);
        if (result.output() != null) {
            recorder.recordToolResult(event, result.toolName() + ": " + result.output().strip());
        }
    }

    void onReply(JanusEvent event) {
        String text = event.contentAs(GeneratedResponse.class).text();
        if (!text.isBlank()) {
            recorder.recordReply(event, text);
        }
    }

    /** A reply cut short by barge-in: only what the user heard or saw stays in history. */
    void onDelivered(JanusEvent event) {
        if ("true".equals(event.context().attributes().get("interrupted"))) {
            recorder.recordInterruptedReply(event, event.contentAs(DeliveredMessage.class).text());
        }
    }
}
