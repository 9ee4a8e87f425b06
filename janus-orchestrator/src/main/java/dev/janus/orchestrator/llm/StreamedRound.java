package dev.janus.orchestrator.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;

/**
 * What one streamed round of a model's reply produced: its text (each piece goes to the reply, and the client, as it
 * comes), the tool calls the model asked for, the model that answered and the token counts the provider reported.
 * Filled by a {@link RoundStreaming} on its client's thread, read by the provider's thread. Thread-safe.
 */
final class StreamedRound {

    private final ReplyInProgress reply;
    private final StringBuilder text = new StringBuilder();
    private final Map<String, AssistantMessage.ToolCall> toolCalls = new LinkedHashMap<>();
    private @Nullable String model;
    private int promptTokens;
    private int completionTokens;

    StreamedRound(ReplyInProgress reply) {
        this.reply = reply;
    }

    /** Appends a piece of the model's text, sending it on at once; empty pieces are ignored. */
    synchronized void append(@Nullable String piece) {
        if (piece != null && !piece.isEmpty()) {
            text.append(piece);
            reply.append(piece);
        }
    }

    /** Records a complete tool call; a call without an id is keyed by its place. */
    synchronized void toolCall(AssistantMessage.ToolCall call) {
        String key = call.id() == null || call.id().isBlank() ? "#" + toolCalls.size() : call.id();
        toolCalls.put(key, call);
    }

    /** The model the provider says answered; a blank name is ignored. */
    synchronized void model(@Nullable String reported) {
        if (reported != null && !reported.isBlank()) {
            model = reported;
        }
    }

    /** The provider's usage so far (streams repeat or accumulate it: the largest counts win). */
    synchronized void usage(int prompt, int completion) {
        promptTokens = Math.max(promptTokens, prompt);
        completionTokens = Math.max(completionTokens, completion);
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized List<AssistantMessage.ToolCall> toolCalls() {
        return List.copyOf(toolCalls.values());
    }

    synchronized @Nullable String model() {
        return model;
    }

    synchronized int promptTokens() {
        return promptTokens;
    }

    synchronized int completionTokens() {
        return completionTokens;
    }
}
