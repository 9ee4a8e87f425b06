package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import org.springframework.ai.chat.prompt.Prompt;

/**
 * How a chat model's reply to one prompt is streamed into a {@link StreamedRound}: through Spring AI's
 * {@code ChatModel.stream} ({@link SpringAiRoundStreaming}), or sent and read by the OpenAI SDK's blocking client on
 * the calling thread ({@link OpenAiRoundStreaming}).
 */
interface RoundStreaming {

    /**
     * Streams the reply to {@code prompt} into {@code round}, returning when the model's stream has ended. A
     * cancellation of {@code reply} stops it at once, as does the end of {@code timeout}.
     *
     * @throws CancellationException when {@code reply} was cancelled meanwhile
     * @throws TimeoutException when the stream did not end within {@code timeout}
     * @throws Exception the client's failure
     */
    void stream(Prompt prompt, StreamedRound round, ReplyInProgress reply, Duration timeout) throws Exception;
}
