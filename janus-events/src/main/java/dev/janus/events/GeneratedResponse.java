package dev.janus.events;

import org.jspecify.annotations.Nullable;

/**
 * A reply produced by the LLM component.
 *
 * @param text the whole reply (what was generated until the interruption, when {@code interrupted})
 * @param provider which provider answered ({@code offline}, {@code openai}, ...): after a fallback, the one that
 *        finally answered
 * @param model the provider's model name
 * @param promptTokens tokens in the prompt, 0 when unknown
 * @param completionTokens tokens in the reply, 0 when unknown
 * @param latencyMs time from request to complete reply
 * @param variant the A/B routing variant that served the request; absent when no variants are configured
 * @param interrupted whether the stream was interrupted ({@code input.stream.interrupted}) before the reply was
 *        complete
 * @param tokensEstimated whether the token counts are Janus's estimate (the provider reported no usage)
 */
public record GeneratedResponse(String text, String provider, String model, int promptTokens, int completionTokens,
        long latencyMs, @Nullable String variant, boolean interrupted, boolean tokensEstimated)
        implements EventContent {

    public GeneratedResponse {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("provider", provider, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("model", model, EventLimits.MAX_ID_CHARS);
        Constraints.notNegative("prompt_tokens", promptTokens);
        Constraints.notNegative("completion_tokens", completionTokens);
        Constraints.notNegative("latency_ms", latencyMs);
        Constraints.optionalText("variant", variant, EventLimits.MAX_ID_CHARS);
    }

    /** A complete reply, not A/B routed, with the provider's own token counts. */
    public GeneratedResponse(String text, String provider, String model, int promptTokens, int completionTokens,
            long latencyMs) {
        this(text, provider, model, promptTokens, completionTokens, latencyMs, null, false, false);
    }
}
