package dev.janus.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic events of every {@link EventType}, with fixed ids and times, for the tests of this module. */
final class EventFixtures {

    static final Instant NOW = Instant.parse("2026-03-14T09:26:53.589Z");

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private EventFixtures() {
    }

    /** An event of {@code type} carrying {@link #contentFor(EventType)}. */
    static JanusEvent eventOf(EventType type) {
        return eventOf(type, contentFor(type));
    }

    /** An event of {@code type} with the given content and a full context. */
    static JanusEvent eventOf(EventType type, EventContent content) {
        EventContext context = new EventContext(publisherOf(type), "user-42", "chat",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01", Map.of("locale", "en-GB"));
        return new JanusEvent("evt-" + type.ordinal(), "stream-7", type, NOW, content, context, TRACE_ID, "evt-0",
                "evt-0", JanusEvent.SCHEMA_VERSION);
    }

    /** The component that publishes {@code type} in Janus (its main one, where there are several). */
    static String publisherOf(EventType type) {
        return type == EventType.INPUT_TRANSCRIPT_UPDATED ? "janus-transcription"
                : "janus-" + type.wireName().substring(0, type.wireName().indexOf('.'));
    }

    /** Content a component would really publish as {@code type}; the switch fails to compile when a type is added. */
    static EventContent contentFor(EventType type) {
        return switch (type) {
            case INPUT_MESSAGE_RECEIVED -> new TextContent("What's 17% of 2,340? Und wie spät ist es in Zürich?");
            case INPUT_AUDIO_CHUNK -> new AudioContent(pcm(3_200), 16_000, 1, "pcm_s16le", 12);
            case INPUT_VIDEO_FRAME -> new VideoContent(jpeg(), "image/jpeg", 3);
            case INPUT_STREAM_STARTED -> new StreamStarted(SessionType.MEETING, List.of("user-42", "user-43"));
            case INPUT_STREAM_ENDED -> new StreamEnded("idle");
            case INPUT_SPEECH_STARTED, INPUT_SPEECH_ENDED -> new SpeechActivity("utt-1", 1_250);
            case INPUT_UTTERANCE_COMPLETED -> new Utterance("utt-1", pcm(3_200), 16_000, 1_250);
            case INPUT_TRANSCRIPT_UPDATED -> new Transcript("utt-1", "what is seventeen", false);
            case INPUT_SUGGESTION_FEEDBACK -> new SuggestionFeedback("sug-1", SuggestionFeedback.DISMISSED);
            case INPUT_STREAM_INTERRUPTED -> new StreamInterrupted("barge_in");
            case ORCHESTRATOR_INTENT_CLASSIFIED -> new ClassifiedIntent("calculation", 0.93, List.of("calculator"));
            case ORCHESTRATOR_CONTEXT_REQUESTED -> new ContextRequest("What's 17% of 2,340?", "user-42", 10,
                    TextEmbedding.of("all-minilm-l6-v2-q", new float[] { 0.5f, -0.25f, 0.125f, 0f }));
            case ORCHESTRATOR_TOOLS_REQUESTED -> new ToolRequest(List.of(calculatorCall(),
                    new ToolCall("call-2", "web_search", Map.of("query", "Zürich time", "limit", 3,
                            "filters", Map.of("safe", true, "sites", List.of("timeanddate.com"))))));
            case ORCHESTRATOR_LLM_REQUESTED -> new LlmRequest("What's 17% of 2,340?", "calculation",
                    assembledContext(), List.of(calculatorResult()), List.of("memory"));
            case ORCHESTRATOR_RESPONSE_READY, OUTPUT_FORMATTING_COMPLETED -> new FormattedResponse(
                    "17% of 2,340 is **397.8**.", "chat", "markdown", List.of(calculatorResult()));
            case MEMORY_CONTEXT_ASSEMBLED -> assembledContext();
            case MEMORY_PATTERN_DETECTED, PROACTIVE_PATTERN_DETECTED -> new PatternDetected("repeated_question",
                    "Asks for the time in Zürich every morning", 4, List.of("evt-101", "evt-202", "evt-303", "evt-404"));
            case MEMORY_FACT_LEARNED -> new LearnedFact(fact("fact-2", "Lisbon", NOW));
            case MEMORY_CONFLICT_DETECTED -> new ConflictDetected(fact("fact-1", "Berlin", NOW.minusSeconds(86_400)),
                    fact("fact-2", "Zürich", NOW));
            case MEMORY_CONSOLIDATION_COMPLETED -> new ConsolidationReport(3, 120, 7);
            case MEMORY_USER_ERASED -> new UserErased("ada", java.time.Instant.parse("2026-12-04T12:00:00Z"),
                    List.of("conversation-42"));
            case TOOLS_EXECUTION_STARTED -> new ToolExecutionStarted("call-1", "calculator");
            case TOOLS_EXECUTION_COMPLETED -> calculatorResult();
            case TOOLS_EXECUTION_FAILED -> new ToolResult("call-2", "web_search", null, "The search service timed out",
                    5_000);
            case TOOLS_REGISTRY_UPDATED -> new ToolCatalogue(List.of(new ToolDefinition("calculator",
                    "Evaluates an arithmetic expression", Map.of("type", "object", "required", List.of("expression"),
                    "properties", Map.of("expression", Map.of("type", "string"))), true, "builtin")));
            case TOOLS_REMINDER_DUE -> new ReminderDue("rem-1", "call Maria", NOW.plusSeconds(300), "user-42");
            case LLM_RESPONSE_DELTA -> new ResponseDelta(0, "17% of 2,340 ");
            case TOOLS_EXECUTION_PROGRESS -> new ToolProgress("call-2", "web_search", 0.5, "2 of 4 pages fetched");
            case LLM_RESPONSE_GENERATED -> new GeneratedResponse("17% of 2,340 is 397.8.", "openai", "gpt-4o-mini", 412, 11,
                    230, "b", false, false);
            case OUTPUT_MESSAGE_SENT -> new DeliveredMessage("17% of 2,340 is 397.8.", "chat", "websocket");
            case OUTPUT_MESSAGE_FAILED -> new DeliveryFailure("webhook", "HTTP 503 from https://example.org/hook", 3);
            case PROACTIVE_SUGGESTION_READY -> new ProactiveSuggestion("sug-1", "repeated_question",
                    "It's 8:00 in Zürich. Want me to tell you every morning?", List.of("evt-101", "evt-202"));
            case PROACTIVE_INTERVENTION_NEEDED -> new Intervention("tool_failing",
                    "web_search failed 5 times in 10 minutes", "warning", List.of("evt-501", "evt-502"));
        };
    }

    static ToolCall calculatorCall() {
        return new ToolCall("call-1", "calculator", Map.of("expression", "0.17 * 2340", "precision", 2));
    }

    static ToolResult calculatorResult() {
        return new ToolResult("call-1", "calculator", "{\"value\":397.8}", null, 3);
    }

    static AssembledContext assembledContext() {
        return new AssembledContext(
                List.of(new Turn("user", "Hi, I moved to Zürich.", "evt-90", NOW.minusSeconds(60)),
                        new Turn("assistant", "Noted, welcome to Zürich!", "evt-91", NOW.minusSeconds(59))),
                List.of(fact("fact-2", "Zürich", NOW.minusSeconds(60))),
                List.of(new RecalledItem("User asked about Zürich weather", "evt-12", 0.82)));
    }

    static Fact fact(String id, String city, Instant at) {
        return new Fact(id, "user-42", "home_city", city, List.of("evt-90"), at);
    }

    /** A little-endian 16-bit PCM ramp, so that every byte value occurs. */
    static byte[] pcm(int bytes) {
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) (i * 7);
        }
        return data;
    }

    /** The start of a JPEG (SOI and APP0 markers) followed by arbitrary bytes. */
    static byte[] jpeg() {
        byte[] data = pcm(2_048);
        byte[] header = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
        System.arraycopy(header, 0, data, 0, header.length);
        return data;
    }
}
