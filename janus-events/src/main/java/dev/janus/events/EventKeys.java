package dev.janus.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The typed key of every {@link EventType}, named as the type: {@code EventKeys.INPUT_MESSAGE_RECEIVED} is the
 * {@code EventKey<TextContent>} of {@code input.message.received}. Publishers build events with a key
 * ({@link JanusEvent#create(EventKey, String, EventContent, EventContext)}, {@link JanusEvent#reply(EventKey,
 * EventContent, String)}) and handlers read the content with one ({@link JanusEvent#content(EventKey)}), so nothing
 * casts. A type added to {@link EventType} needs its key here; {@code EventKeysTests} fails until it has one.
 */
public final class EventKeys {

    public static final EventKey<TextContent> INPUT_MESSAGE_RECEIVED =
            new EventKey<>(EventType.INPUT_MESSAGE_RECEIVED, TextContent.class);
    public static final EventKey<AudioContent> INPUT_AUDIO_CHUNK =
            new EventKey<>(EventType.INPUT_AUDIO_CHUNK, AudioContent.class);
    public static final EventKey<VideoContent> INPUT_VIDEO_FRAME =
            new EventKey<>(EventType.INPUT_VIDEO_FRAME, VideoContent.class);
    public static final EventKey<StreamStarted> INPUT_STREAM_STARTED =
            new EventKey<>(EventType.INPUT_STREAM_STARTED, StreamStarted.class);
    public static final EventKey<StreamEnded> INPUT_STREAM_ENDED =
            new EventKey<>(EventType.INPUT_STREAM_ENDED, StreamEnded.class);
    public static final EventKey<SpeechActivity> INPUT_SPEECH_STARTED =
            new EventKey<>(EventType.INPUT_SPEECH_STARTED, SpeechActivity.class);
    public static final EventKey<SpeechActivity> INPUT_SPEECH_ENDED =
            new EventKey<>(EventType.INPUT_SPEECH_ENDED, SpeechActivity.class);
    public static final EventKey<Utterance> INPUT_UTTERANCE_COMPLETED =
            new EventKey<>(EventType.INPUT_UTTERANCE_COMPLETED, Utterance.class);
    public static final EventKey<Transcript> INPUT_TRANSCRIPT_UPDATED =
            new EventKey<>(EventType.INPUT_TRANSCRIPT_UPDATED, Transcript.class);
    public static final EventKey<SuggestionFeedback> INPUT_SUGGESTION_FEEDBACK =
            new EventKey<>(EventType.INPUT_SUGGESTION_FEEDBACK, SuggestionFeedback.class);
    public static final EventKey<StreamInterrupted> INPUT_STREAM_INTERRUPTED =
            new EventKey<>(EventType.INPUT_STREAM_INTERRUPTED, StreamInterrupted.class);
    public static final EventKey<ClassifiedIntent> ORCHESTRATOR_INTENT_CLASSIFIED =
            new EventKey<>(EventType.ORCHESTRATOR_INTENT_CLASSIFIED, ClassifiedIntent.class);
    public static final EventKey<ContextRequest> ORCHESTRATOR_CONTEXT_REQUESTED =
            new EventKey<>(EventType.ORCHESTRATOR_CONTEXT_REQUESTED, ContextRequest.class);
    public static final EventKey<ToolRequest> ORCHESTRATOR_TOOLS_REQUESTED =
            new EventKey<>(EventType.ORCHESTRATOR_TOOLS_REQUESTED, ToolRequest.class);
    public static final EventKey<LlmRequest> ORCHESTRATOR_LLM_REQUESTED =
            new EventKey<>(EventType.ORCHESTRATOR_LLM_REQUESTED, LlmRequest.class);
    public static final EventKey<FormattedResponse> ORCHESTRATOR_RESPONSE_READY =
            new EventKey<>(EventType.ORCHESTRATOR_RESPONSE_READY, FormattedResponse.class);
    public static final EventKey<AssembledContext> MEMORY_CONTEXT_ASSEMBLED =
            new EventKey<>(EventType.MEMORY_CONTEXT_ASSEMBLED, AssembledContext.class);
    public static final EventKey<PatternDetected> MEMORY_PATTERN_DETECTED =
            new EventKey<>(EventType.MEMORY_PATTERN_DETECTED, PatternDetected.class);
    public static final EventKey<LearnedFact> MEMORY_FACT_LEARNED =
            new EventKey<>(EventType.MEMORY_FACT_LEARNED, LearnedFact.class);
    public static final EventKey<ConflictDetected> MEMORY_CONFLICT_DETECTED =
            new EventKey<>(EventType.MEMORY_CONFLICT_DETECTED, ConflictDetected.class);
    public static final EventKey<ConsolidationReport> MEMORY_CONSOLIDATION_COMPLETED =
            new EventKey<>(EventType.MEMORY_CONSOLIDATION_COMPLETED, ConsolidationReport.class);
    public static final EventKey<UserErased> MEMORY_USER_ERASED =
            new EventKey<>(EventType.MEMORY_USER_ERASED, UserErased.class);
    public static final EventKey<ToolExecutionStarted> TOOLS_EXECUTION_STARTED =
            new EventKey<>(EventType.TOOLS_EXECUTION_STARTED, ToolExecutionStarted.class);
    public static final EventKey<ToolResult> TOOLS_EXECUTION_COMPLETED =
            new EventKey<>(EventType.TOOLS_EXECUTION_COMPLETED, ToolResult.class);
    public static final EventKey<ToolResult> TOOLS_EXECUTION_FAILED =
            new EventKey<>(EventType.TOOLS_EXECUTION_FAILED, ToolResult.class);
    public static final EventKey<ToolProgress> TOOLS_EXECUTION_PROGRESS =
            new EventKey<>(EventType.TOOLS_EXECUTION_PROGRESS, ToolProgress.class);
    public static final EventKey<ToolCatalogue> TOOLS_REGISTRY_UPDATED =
            new EventKey<>(EventType.TOOLS_REGISTRY_UPDATED, ToolCatalogue.class);
    public static final EventKey<ReminderDue> TOOLS_REMINDER_DUE =
            new EventKey<>(EventType.TOOLS_REMINDER_DUE, ReminderDue.class);
    public static final EventKey<ResponseDelta> LLM_RESPONSE_DELTA =
            new EventKey<>(EventType.LLM_RESPONSE_DELTA, ResponseDelta.class);
    public static final EventKey<GeneratedResponse> LLM_RESPONSE_GENERATED =
            new EventKey<>(EventType.LLM_RESPONSE_GENERATED, GeneratedResponse.class);
    public static final EventKey<DeliveredMessage> OUTPUT_MESSAGE_SENT =
            new EventKey<>(EventType.OUTPUT_MESSAGE_SENT, DeliveredMessage.class);
    public static final EventKey<DeliveryFailure> OUTPUT_MESSAGE_FAILED =
            new EventKey<>(EventType.OUTPUT_MESSAGE_FAILED, DeliveryFailure.class);
    public static final EventKey<FormattedResponse> OUTPUT_FORMATTING_COMPLETED =
            new EventKey<>(EventType.OUTPUT_FORMATTING_COMPLETED, FormattedResponse.class);
    public static final EventKey<ProactiveSuggestion> PROACTIVE_SUGGESTION_READY =
            new EventKey<>(EventType.PROACTIVE_SUGGESTION_READY, ProactiveSuggestion.class);
    public static final EventKey<PatternDetected> PROACTIVE_PATTERN_DETECTED =
            new EventKey<>(EventType.PROACTIVE_PATTERN_DETECTED, PatternDetected.class);
    public static final EventKey<Intervention> PROACTIVE_INTERVENTION_NEEDED =
            new EventKey<>(EventType.PROACTIVE_INTERVENTION_NEEDED, Intervention.class);

    private static final List<EventKey<?>> ALL = List.of(INPUT_MESSAGE_RECEIVED, INPUT_AUDIO_CHUNK, INPUT_VIDEO_FRAME,
            INPUT_STREAM_STARTED, INPUT_STREAM_ENDED, INPUT_SPEECH_STARTED,
            INPUT_SPEECH_ENDED, INPUT_UTTERANCE_COMPLETED, INPUT_TRANSCRIPT_UPDATED,
            INPUT_SUGGESTION_FEEDBACK, INPUT_STREAM_INTERRUPTED, ORCHESTRATOR_INTENT_CLASSIFIED,
            ORCHESTRATOR_CONTEXT_REQUESTED, ORCHESTRATOR_TOOLS_REQUESTED, ORCHESTRATOR_LLM_REQUESTED,
            ORCHESTRATOR_RESPONSE_READY, MEMORY_CONTEXT_ASSEMBLED, MEMORY_PATTERN_DETECTED,
            MEMORY_FACT_LEARNED, MEMORY_CONFLICT_DETECTED, MEMORY_CONSOLIDATION_COMPLETED,
            MEMORY_USER_ERASED, TOOLS_EXECUTION_STARTED, TOOLS_EXECUTION_COMPLETED,
            TOOLS_EXECUTION_FAILED, TOOLS_EXECUTION_PROGRESS, TOOLS_REGISTRY_UPDATED,
            TOOLS_REMINDER_DUE, LLM_RESPONSE_DELTA, LLM_RESPONSE_GENERATED,
            OUTPUT_MESSAGE_SENT, OUTPUT_MESSAGE_FAILED, OUTPUT_FORMATTING_COMPLETED,
            PROACTIVE_SUGGESTION_READY, PROACTIVE_PATTERN_DETECTED, PROACTIVE_INTERVENTION_NEEDED);

    private static final Map<EventType, EventKey<?>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventKey::type, Function.identity()));

    private EventKeys() {
    }

    /** Every key, one per {@link EventType}, in the order of {@link EventType#values()}. */
    public static List<EventKey<?>> all() {
        return ALL;
    }

    /** The key of {@code type}, for code that handles types it only knows at run time (a wildcard consumer). */
    public static EventKey<?> of(EventType type) {
        EventKey<?> key = BY_TYPE.get(type);
        if (key == null) {
            throw new IllegalStateException("No key for " + type.wireName() + "; every type needs one in EventKeys");
        }
        return key;
    }
}
