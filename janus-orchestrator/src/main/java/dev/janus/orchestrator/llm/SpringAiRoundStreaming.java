package dev.janus.orchestrator.llm;

import java.util.concurrent.CompletableFuture;

import reactor.core.Disposable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/** A round streamed through Spring AI's {@link ChatModel#stream} (Ollama, Anthropic), on the client's threads. */
final class SpringAiRoundStreaming implements RoundStreaming {

    private final ChatModel model;

    SpringAiRoundStreaming(ChatModel model) {
        this.model = model;
    }

    @Override
    public Runnable start(Prompt prompt, StreamedRound round, CompletableFuture<Void> done) {
        Disposable subscription = model.stream(prompt).subscribe(response -> take(response, round),
                done::completeExceptionally, () -> done.complete(null));
        return subscription::dispose;
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
