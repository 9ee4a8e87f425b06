package dev.janus.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every topic of Janus, by its stable wire name, bound to the content record it carries. Routing uses the wire name,
 * never a Java class name. Who publishes and who subscribes to a type is declared by each component's configuration
 * ({@link ComponentEvents}, collected by the {@link EventRegistry}), not here. Code that publishes or handles a
 * type uses its typed key in {@link EventKeys}, of the same name.
 */
public enum EventType {

    INPUT_MESSAGE_RECEIVED("input.message.received", TextContent.class),
    INPUT_AUDIO_CHUNK("input.audio.chunk", AudioContent.class),
    INPUT_VIDEO_FRAME("input.video.frame", VideoContent.class),
    INPUT_STREAM_STARTED("input.stream.started", StreamStarted.class),
    INPUT_STREAM_ENDED("input.stream.ended", StreamEnded.class),
    INPUT_SPEECH_STARTED("input.speech.started", SpeechActivity.class),
    INPUT_SPEECH_ENDED("input.speech.ended", SpeechActivity.class),
    INPUT_UTTERANCE_COMPLETED("input.utterance.completed", Utterance.class),
    INPUT_TRANSCRIPT_UPDATED("input.transcript.updated", Transcript.class),
    INPUT_SUGGESTION_FEEDBACK("input.suggestion.feedback", SuggestionFeedback.class),
    INPUT_STREAM_INTERRUPTED("input.stream.interrupted", StreamInterrupted.class),

    ORCHESTRATOR_INTENT_CLASSIFIED("orchestrator.intent.classified", ClassifiedIntent.class),
    ORCHESTRATOR_CONTEXT_REQUESTED("orchestrator.context.requested", ContextRequest.class),
    ORCHESTRATOR_TOOLS_REQUESTED("orchestrator.tools.requested", ToolRequest.class),
    ORCHESTRATOR_LLM_REQUESTED("orchestrator.llm.requested", LlmRequest.class),
    ORCHESTRATOR_RESPONSE_READY("orchestrator.response.ready", FormattedResponse.class),

    MEMORY_CONTEXT_ASSEMBLED("memory.context.assembled", AssembledContext.class),
    MEMORY_PATTERN_DETECTED("memory.pattern.detected", PatternDetected.class),
    MEMORY_FACT_LEARNED("memory.fact.learned", LearnedFact.class),
    MEMORY_CONFLICT_DETECTED("memory.conflict.detected", ConflictDetected.class),
    MEMORY_CONSOLIDATION_COMPLETED("memory.consolidation.completed", ConsolidationReport.class),
    MEMORY_USER_ERASED("memory.user.erased", UserErased.class),

    TOOLS_EXECUTION_STARTED("tools.execution.started", ToolExecutionStarted.class),
    TOOLS_EXECUTION_COMPLETED("tools.execution.completed", ToolResult.class),
    TOOLS_EXECUTION_FAILED("tools.execution.failed", ToolResult.class),
    TOOLS_EXECUTION_PROGRESS("tools.execution.progress", ToolProgress.class),
    TOOLS_REGISTRY_UPDATED("tools.registry.updated", ToolCatalogue.class),
    TOOLS_REMINDER_DUE("tools.reminder.due", ReminderDue.class),

    LLM_RESPONSE_DELTA("llm.response.delta", ResponseDelta.class),
    LLM_RESPONSE_GENERATED("llm.response.generated", GeneratedResponse.class),

    OUTPUT_MESSAGE_SENT("output.message.sent", DeliveredMessage.class),
    OUTPUT_MESSAGE_FAILED("output.message.failed", DeliveryFailure.class),
    OUTPUT_FORMATTING_COMPLETED("output.formatting.completed", FormattedResponse.class),

    PROACTIVE_SUGGESTION_READY("proactive.suggestion.ready", ProactiveSuggestion.class),
    PROACTIVE_PATTERN_DETECTED("proactive.pattern.detected", PatternDetected.class),
    PROACTIVE_INTERVENTION_NEEDED("proactive.intervention.needed", Intervention.class);

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends EventContent> contentType;

    EventType(String wireName, Class<? extends EventContent> contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    /** The stable name on the wire and in Redis keys, e.g. {@code input.message.received}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The content record every event of this type carries. */
    public Class<? extends EventContent> contentType() {
        return contentType;
    }

    /** The type with this wire name, if there is one. */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
