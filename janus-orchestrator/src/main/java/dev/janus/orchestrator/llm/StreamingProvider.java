package dev.janus.orchestrator.llm;

import java.util.List;

import dev.janus.events.LlmRequest;
import org.jspecify.annotations.Nullable;

/**
 * One link of the fallback chain: a provider that streams its reply into a {@link ReplyInProgress}. A chat model
 * ({@link ChatModelProvider}) or a whole-reply {@link ResponseGenerator} such as the offline responder
 * ({@link WholeReplyProvider}). Thread-safe; {@code answer} blocks for the whole generation and throws when the
 * provider failed.
 */
public interface StreamingProvider {

    /** The provider's name: {@code openai}, {@code ollama}, {@code anthropic}, {@code offline}, ... */
    String name();

    /**
     * Streams the reply to {@code request} into {@code reply}.
     *
     * @param model the model to ask for instead of the configured one (an A/B variant's), or null
     * @param failures why the providers before this one in the chain did not answer, oldest first
     * @return what the provider reports about the reply; the text is in {@code reply}
     */
    ProviderReply answer(LlmRequest request, ReplyInProgress reply, @Nullable String model, List<String> failures)
            throws Exception;

    /**
     * What a provider reports about its reply.
     *
     * @param model the model that answered
     * @param promptTokens prompt tokens (all rounds of a tool-calling reply together)
     * @param completionTokens completion tokens
     * @param tokensEstimated whether the counts are Janus's estimate because the provider reported none
     */
    record ProviderReply(String model, int promptTokens, int completionTokens, boolean tokensEstimated) {
    }
}
