package dev.janus.orchestrator.llm;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LLM component, under {@code janus.llm}.
 *
 * @param enabled whether this instance runs the LLM component, consumer group {@code janus-llm} (default
 *        true; false runs the orchestrator without it, for a separate LLM deployment)
 * @param provider which {@link ResponseGenerator} answers (default {@code offline}, the {@link OfflineResponder},
 *        which needs no model); lower-case letters, digits and dashes
 */
@ConfigurationProperties("janus.llm")
public record LlmProperties(@Nullable Boolean enabled, @Nullable String provider) {

    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public LlmProperties {
        enabled = enabled == null || enabled;
        provider = provider == null ? OfflineResponder.PROVIDER : provider;
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("janus.llm.provider must be 1..64 lower-case letters, digits and dashes "
                    + "(e.g. offline), but was '" + provider + "'");
        }
    }

    /** Every default. */
    public static LlmProperties defaults() {
        return new LlmProperties(null, null);
    }
}
