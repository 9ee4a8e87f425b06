package dev.janus.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every topic of Janus, by its stable wire name, bound to the content record it carries, the
 * components that publish it and the consumer groups that subscribe to it. Routing uses the wire name,
 * never a Java class name. Code that publishes or handles a type uses its typed key in {@link EventKeys}, of the same
 * name.
 */
public enum EventType {

    INPUT_MESSAGE_RECEIVED("input.message.received", TextContent.class, "janus-input", "janus-orchestrator",
            "janus-memory", "janus-proactive"),
    /** Kept for the record (the stream's events, replay): no component consumes audio chunks. */
    INPUT_AUDIO_CHUNK("input.audio.chunk", AudioContent.class, "janus-input"),
    /** Consumed by the LLM component only while a provider in use takes images ({@code janus.llm.providers.*.images}). */
    INPUT_VIDEO_FRAME("input.video.frame", VideoContent.class, "janus-input", "janus-llm"),
    INPUT_STREAM_STARTED("input.stream.started", StreamStarted.class, "janus-input", "janus-memory"),
    INPUT_STREAM_ENDED("input.stream.ended", StreamEnded.class, "janus-input", "janus-memory", "janus-tools"),
    INPUT_SPEECH_STARTED("input.speech.started", SpeechActivity.class, "janus-input"),
    INPUT_SPEECH_ENDED("input.speech.ended", SpeechActivity.class, "janus-input"),
    INPUT_UTTERANCE_COMPLETED("input.utterance.completed", Utterance.class, "janus-input", "janus-transcription"),
    INPUT_TRANSCRIPT_UPDATED("input.transcript.updated", Transcript.class, "janus-transcription",
            "janus-input-voice"),
    INPUT_SUGGESTION_FEEDBACK("input.suggestion.feedback", SuggestionFeedback.class, "janus-input",
            "janus-proactive"),
    INPUT_STREAM_INTERRUPTED("input.stream.interrupted", StreamInterrupted.class, "janus-input", "janus-llm",
            "janus-tools"),

    ORCHESTRATOR_INTENT_CLASSIFIED("orchestrator.intent.classified", ClassifiedIntent.class, "janus-orchestrator"),
    ORCHESTRATOR_CONTEXT_REQUESTED("orchestrator.context.requested", ContextRequest.class, "janus-orchestrator",
            "janus-memory"),
    /** Published by the orchestrator's planner and by the LLM component's tool rounds. */
    ORCHESTRATOR_TOOLS_REQUESTED("orchestrator.tools.requested", ToolRequest.class,
            List.of("janus-orchestrator", "janus-llm"), List.of("janus-tools")),
    ORCHESTRATOR_LLM_REQUESTED("orchestrator.llm.requested", LlmRequest.class, "janus-orchestrator", "janus-llm"),
    ORCHESTRATOR_RESPONSE_READY("orchestrator.response.ready", FormattedResponse.class, "janus-orchestrator",
            "janus-input", "janus-output"),

    MEMORY_CONTEXT_ASSEMBLED("memory.context.assembled", AssembledContext.class, "janus-memory",
            "janus-orchestrator"),
    MEMORY_PATTERN_DETECTED("memory.pattern.detected", PatternDetected.class, "janus-memory", "janus-proactive"),
    MEMORY_FACT_LEARNED("memory.fact.learned", LearnedFact.class, "janus-memory"),
    MEMORY_CONFLICT_DETECTED("memory.conflict.detected", ConflictDetected.class, "janus-memory"),
    MEMORY_CONSOLIDATION_COMPLETED("memory.consolidation.completed", ConsolidationReport.class, "janus-memory"),
    MEMORY_USER_ERASED("memory.user.erased", UserErased.class, "janus-memory", "janus-orchestrator",
            "janus-tools"),

    TOOLS_EXECUTION_STARTED("tools.execution.started", ToolExecutionStarted.class, "janus-tools"),
    TOOLS_EXECUTION_COMPLETED("tools.execution.completed", ToolResult.class, "janus-tools", "janus-llm",
            "janus-memory", "janus-orchestrator"),
    TOOLS_EXECUTION_FAILED("tools.execution.failed", ToolResult.class, "janus-tools", "janus-llm",
            "janus-orchestrator", "janus-proactive"),
    TOOLS_EXECUTION_PROGRESS("tools.execution.progress", ToolProgress.class, "janus-tools", "janus-input"),
    TOOLS_REGISTRY_UPDATED("tools.registry.updated", ToolCatalogue.class, "janus-tools", "janus-llm"),
    TOOLS_REMINDER_DUE("tools.reminder.due", ReminderDue.class, "janus-tools", "janus-proactive"),

    LLM_RESPONSE_DELTA("llm.response.delta", ResponseDelta.class, "janus-llm", "janus-input", "janus-input-voice"),
    LLM_RESPONSE_GENERATED("llm.response.generated", GeneratedResponse.class, "janus-llm", "janus-memory",
            "janus-orchestrator"),

    /** Published by output for each formatted reply, and by input's voice replies for the part heard before a barge-in. */
    OUTPUT_MESSAGE_SENT("output.message.sent", DeliveredMessage.class, List.of("janus-output", "janus-input"),
            List.of("janus-memory", "janus-proactive")),
    OUTPUT_MESSAGE_FAILED("output.message.failed", DeliveryFailure.class, "janus-output", "janus-proactive"),
    /** Consumed by {@code janus-output-webhook} only while a webhook is configured ({@code janus.output.webhook.url}). */
    OUTPUT_FORMATTING_COMPLETED("output.formatting.completed", FormattedResponse.class, "janus-output",
            "janus-input", "janus-input-voice", "janus-output-webhook"),

    /** Consumed by {@code janus-output-webhook} only while a webhook is configured ({@code janus.output.webhook.url}). */
    PROACTIVE_SUGGESTION_READY("proactive.suggestion.ready", ProactiveSuggestion.class, "janus-proactive",
            "janus-input", "janus-output-webhook"),
    PROACTIVE_PATTERN_DETECTED("proactive.pattern.detected", PatternDetected.class, "janus-proactive"),
    PROACTIVE_INTERVENTION_NEEDED("proactive.intervention.needed", Intervention.class, "janus-proactive");

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends EventContent> contentType;
    private final List<String> publishers;
    private final List<String> consumers;

    EventType(String wireName, Class<? extends EventContent> contentType, String publisher, String... consumers) {
        this(wireName, contentType, List.of(publisher), List.of(consumers));
    }

    EventType(String wireName, Class<? extends EventContent> contentType, List<String> publishers,
            List<String> consumers) {
        this.wireName = wireName;
        this.contentType = contentType;
        this.publishers = List.copyOf(publishers);
        this.consumers = List.copyOf(consumers);
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

    /** The components that publish this type, the main one first. */
    public List<String> publishers() {
        return publishers;
    }

    /**
     * The consumer groups (for broadcast subscriptions: the components, e.g. {@code janus-input} for its client
     * connections and {@code janus-input-voice} for its voice replies) that subscribe to this type;
     * {@code EventTypeSubscriptionsIntegrationTests} in {@code janus-app} checks them against the live
     * subscriptions of the running application.
     */
    public List<String> consumers() {
        return consumers;
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
