package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import reactor.core.Disposable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A round streamed through Spring AI's {@link ChatModel#stream} (Ollama, Anthropic): the client's threads fill the
 * round while the caller waits for its end, its cancellation or its timeout.
 */
final class SpringAiRoundStreaming implements RoundStreaming {

    /**
     * Disposes streams off the caller's thread: closing a stream can block until the client's reader thread lets go
     * (an SDK's reader holds its lock while it waits for bytes), and neither a bus thread nor the thread delivering an
     * interruption may wait for that.
     */
    private static final Executor DISPOSALS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "janus-llm-stream-disposal");
        thread.setDaemon(true);
        return thread;
    });

    private final ChatModel model;

    SpringAiRoundStreaming(ChatModel model) {
        this.model = model;
    }

    @Override
    public void stream(Prompt prompt, StreamedRound round, ReplyInProgress reply, Duration timeout) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Disposable subscription = model.stream(prompt).subscribe(response -> take(response, round),
                done::completeExceptionally, () -> done.complete(null));
        Runnable dispose = () -> DISPOSALS.execute(subscription::dispose);
        reply.onCancel(dispose);
        try {
            CompletableFuture.anyOf(done, reply.cancelled()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            dispose.run();
            throw e;
        }
        catch (ExecutionException e) {
            // the provider failed: rethrown below with its own cause
        }
        finally {
            reply.onCancel(null);
        }
        reply.throwIfCancelled();
        try {
            done.get();
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void take(ChatResponse response, StreamedRound round) {
        for (Generation generation : response.getResults()) {
            AssistantMessage output = generation.getOutput();
            round.append(output.getText());
            output.getToolCalls().forEach(round::toolCall);
        }
        if (response.getMetadata() != null) {
            round.model(response.getMetadata().getModel());
            Usage usage = response.getMetadata().getUsage();
            if (usage != null) {
                round.usage(nonNull(usage.getPromptTokens()), nonNull(usage.getCompletionTokens()));
            }
        }
    }

    private static int nonNull(Integer value) {
        return value == null ? 0 : value;
    }
}
