package dev.janus.orchestrator.llm;

import java.util.concurrent.CompletableFuture;

import org.springframework.ai.chat.prompt.Prompt;

/**
 * How a chat model's reply to one prompt is streamed into a {@link StreamedRound}: through Spring AI's
 * {@code ChatModel.stream} ({@link SpringAiRoundStreaming}), or read by the OpenAI SDK's blocking client on a reader
 * thread of its own ({@link OpenAiRoundStreaming}).
 */
interface RoundStreaming {

    /**
     * Starts streaming the reply to {@code prompt} into {@code round} and returns at once; {@code done} completes when
     * the stream ends, exceptionally with the client's failure.
     *
     * @return what stops the stream early; it may block until the client lets go of the stream, so callers run it off
     *         their own thread
     */
    Runnable start(Prompt prompt, StreamedRound round, CompletableFuture<Void> done);
}
