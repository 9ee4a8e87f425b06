package dev.janus.events;

/**
 * A reply produced by the LLM component.
 *
 * @param text the whole reply
 * @param provider which provider answered ({@code offline}, {@code openai}, ...)
 * @param model the provider's model name
 * @param promptTokens tokens in the prompt, 0 when unknown
 * @param completionTokens tokens in the reply, 0 when unknown
 * @param latencyMs time from request to complete reply
 */
public record GeneratedResponse(String text, String provider, String model, int promptTokens, int completionTokens,
        long latencyMs) implements EventContent {

    public GeneratedResponse {
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
        Constraints.nonBlank("provider", provider, EventLimits.MAX_ID_CHARS);
        Constraints.nonBlank("model", model, EventLimits.MAX_ID_CHARS);
        Constraints.notNegative("prompt_tokens", promptTokens);
        Constraints.notNegative("completion_tokens", completionTokens);
        Constraints.notNegative("latency_ms", latencyMs);
    }
}
