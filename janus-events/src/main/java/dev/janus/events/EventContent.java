package dev.janus.events;

/**
 * The payload of a {@link JanusEvent}. Every payload is a record under this sealed interface and is
 * bound to one or more {@link EventType}s; the event type on the envelope, never a class name,
 * tells a reader which record to expect.
 */
public sealed interface EventContent permits TextContent, AudioContent, VideoContent, StreamStarted, StreamEnded,
        ClassifiedIntent, ContextRequest, ToolRequest, ToolExecutionStarted, ToolProgress, ToolResult,
        AssembledContext, LlmRequest, GeneratedResponse, FormattedResponse, DeliveredMessage, DeliveryFailure,
        ProactiveSuggestion, PatternDetected, ConflictDetected, ConsolidationReport, Intervention, StreamInterrupted, ReminderDue, ToolCatalogue,
        ResponseDelta, SuggestionFeedback, SpeechActivity, Utterance, Transcript, LearnedFact, UserErased {
}
