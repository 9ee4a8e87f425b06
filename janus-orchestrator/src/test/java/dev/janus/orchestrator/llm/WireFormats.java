package dev.janus.orchestrator.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * Response shapes of the three wire formats, as the real APIs send them (field for field from recorded
 * responses): OpenAI chat completions streamed as SSE {@code data:} chunks ending with {@code [DONE]} (text, and
 * a tool call whose arguments arrive in pieces), Ollama's {@code /api/chat} NDJSON stream, and Anthropic's
 * {@code /v1/messages} SSE events ({@code message_start}, {@code content_block_delta}, {@code message_delta},
 * {@code message_stop}).
 */
final class WireFormats {

    private WireFormats() {
    }

    static WireServer.Reply openAiStream(String model, List<String> pieces, int promptTokens, int completionTokens) {
        List<String> events = new ArrayList<>();
        events.add(openAiChunk(model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
        for (String piece : pieces) {
            events.add(openAiChunk(model, "{\"content\":" + json(piece) + "}", null));
        }
        events.add(openAiChunk(model, "{}", "stop"));
        events.add("data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"" + model + "\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                + "\"rejected_prediction_tokens\":0}}}\n\n");
        events.add("data: [DONE]\n\n");
        return WireServer.Reply.sse(events);
    }

    static WireServer.Reply openAiToolCall(String model, String callId, String tool, List<String> argumentPieces) {
        List<String> events = new ArrayList<>();
        events.add(openAiChunk(model, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\""
                + callId + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tool + "\",\"arguments\":\"\"}}],"
                + "\"refusal\":null}", null));
        for (String piece : argumentPieces) {
            events.add(openAiChunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + json(piece)
                    + "}}]}", null));
        }
        events.add(openAiChunk(model, "{}", "tool_calls"));
        events.add("data: [DONE]\n\n");
        return WireServer.Reply.sse(events);
    }

    /**
     * Two tool calls asked for in one round, as OpenAI streams parallel calls: each call's id and name under its
     * index, then the arguments of both in pieces, interleaved.
     */
    static WireServer.Reply openAiTwoToolCalls(String model) {
        List<String> events = new ArrayList<>();
        events.add(openAiChunk(model, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_A\",\"type\":\"function\",\"function\":{\"name\":\"calculator\","
                + "\"arguments\":\"\"}}]}", null));
        events.add(openAiChunk(model, "{\"tool_calls\":[{\"index\":1,\"id\":\"call_B\",\"type\":\"function\","
                + "\"function\":{\"name\":\"clock\",\"arguments\":\"\"}}]}", null));
        events.add(openAiChunk(model,
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"expression\\\":\"}}]}", null));
        events.add(openAiChunk(model, "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}", null));
        events.add(openAiChunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"2+2\\\"}\"}}]}",
                null));
        events.add(openAiChunk(model, "{}", "tool_calls"));
        events.add("data: [DONE]\n\n");
        return WireServer.Reply.sse(events);
    }

    static WireServer.Reply openAiError(int status, String type, String message) {
        return WireServer.Reply.json(status, "{\"error\":{\"message\":" + json(message) + ",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}");
    }

    private static String openAiChunk(String model, String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"" + model + "\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
                + "}],\"usage\":null}\n\n";
    }

    static WireServer.Reply ollamaStream(String model, List<String> pieces, int promptTokens, int completionTokens) {
        List<String> lines = new ArrayList<>();
        for (String piece : pieces) {
            lines.add("{\"model\":\"" + model + "\",\"created_at\":\"2025-03-10T12:31:23.3452Z\",\"message\":"
                    + "{\"role\":\"assistant\",\"content\":" + json(piece) + "},\"done\":false}\n");
        }
        lines.add("{\"model\":\"" + model + "\",\"created_at\":\"2025-03-10T12:31:23.9891Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,"
                + "\"total_duration\":783459792,\"load_duration\":21645792,\"prompt_eval_count\":" + promptTokens
                + ",\"prompt_eval_duration\":134000000,\"eval_count\":" + completionTokens
                + ",\"eval_duration\":626000000}\n");
        return WireServer.Reply.ndjson(lines);
    }

    static WireServer.Reply ollamaError(int status, String message) {
        return WireServer.Reply.json(status, "{\"error\":" + json(message) + "}");
    }

    static WireServer.Reply anthropicStream(String model, List<String> pieces, int inputTokens, int outputTokens) {
        List<String> events = new ArrayList<>();
        events.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"));
        events.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(sse("ping", "{\"type\": \"ping\"}"));
        for (String piece : pieces) {
            events.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":" + json(piece) + "}}"));
        }
        events.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return WireServer.Reply.sse(events);
    }

    static WireServer.Reply anthropicError(int status, String type, String message) {
        return WireServer.Reply.json(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + json(message) + "}}");
    }

    private static String sse(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
