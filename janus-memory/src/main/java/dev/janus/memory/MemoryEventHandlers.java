package dev.janus.memory;

import java.util.List;
import java.util.Locale;

import dev.janus.bus.ContentHandler;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.events.ContextRequest;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.EventContent;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
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
 * <li>{@code orchestrator.context.requested} — answered with {@code memory.context.assembled}, the message's
 * patterns (and the events of what was learned) recorded after the answer went out
 * ({@link JanusEvent#replyOnce}, so the orchestrator's join finds it by correlation id and a redelivery republishes
 * the same id).</li>
 * </ul>
 * and, on every instance apart from the group, {@code memory.user.erased}: the erased user's messages waiting for an
 * embedding and every cached text are forgotten here too (the instance that erased the user did so itself).
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
        return List.of(subscribe(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED, this::onContextRequested),
                subscribe(EventKeys.INPUT_MESSAGE_RECEIVED, this::onMessage),
                subscribe(EventKeys.INPUT_STREAM_STARTED, this::onStreamStarted),
                subscribe(EventKeys.INPUT_STREAM_ENDED, this::onStreamEnded),
                subscribe(EventKeys.TOOLS_EXECUTION_COMPLETED, this::onToolResult),
                subscribe(EventKeys.LLM_RESPONSE_GENERATED, this::onReply),
                subscribe(EventKeys.OUTPUT_MESSAGE_SENT, this::onDelivered),
                // every instance: the one that erased the user has forgotten what it kept, the others have not
                bus.subscribeBroadcast(EventKeys.MEMORY_USER_ERASED, MemoryConfiguration.COMPONENT,
                        (event, erased) -> {
                            recorder.forgetWaiting(erased.userId());
                            recorder.forgetCachedTexts();
                        }));
    }

    private <C extends EventContent> Subscription subscribe(EventKey<C> key, ContentHandler<C> handler) {
        return bus.subscribe(key, MemoryConfiguration.COMPONENT, handler);
    }

    /** Answers first, then finishes recording the message before the request is acknowledged. */
    void onContextRequested(JanusEvent request, ContextRequest content) {
        ContextAssembler.Assembly assembly = assembler.assemble(request);
        bus.publish(request.replyOnce(EventKeys.MEMORY_CONTEXT_ASSEMBLED, assembly.context(),
                MemoryConfiguration.COMPONENT)).join();
        assembler.finishRecording(assembly);
    }

    void onMessage(JanusEvent message, TextContent content) {
        recorder.recordArrivingMessage(message, content.text());
    }

    void onStreamStarted(JanusEvent event, StreamStarted started) {
        recorder.recordInHistory(event, HistoryEntry.EVENT, "stream started (" + started.sessionType().name().toLowerCase(Locale.ROOT)
                + (started.participants().isEmpty() ? "" : ", participants " + started.participants()) + ")");
    }

    void onStreamEnded(JanusEvent event, StreamEnded ended) {
        recorder.recordInHistory(event, HistoryEntry.EVENT, "stream ended (" + ended.reason() + ")");
    }

    void onToolResult(JanusEvent event, ToolResult result) {
        if (result.output() != null) {
            recorder.recordToolResult(event, result.toolName() + ": " + result.output().strip());
        }
    }

    void onReply(JanusEvent event, GeneratedResponse reply) {
        if (!reply.text().isBlank()) {
            recorder.recordReply(event, reply.text());
        }
    }

    /** A reply cut short by barge-in: only what the user heard or saw stays in history. */
    void onDelivered(JanusEvent event, DeliveredMessage delivered) {
        if ("true".equals(event.context().attributes().get("interrupted"))) {
            recorder.recordInterruptedReply(event, delivered.text());
        }
    }
}
