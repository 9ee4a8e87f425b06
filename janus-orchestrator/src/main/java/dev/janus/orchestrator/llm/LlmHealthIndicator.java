package dev.janus.orchestrator.llm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The LLM providers as the readiness probe's details show them ({@code llm} in {@code /actuator/health}): the
 * provider requests go to, the fallback chain, and the state of each model provider's circuit breaker
 * ({@code closed}, {@code open}, {@code half_open}). Always UP: the offline responder ends every chain, so a
 * provider that is down makes replies fall back, it does not stop them; the alerts on breakers and on the fallback
 * rate say when that happens.
 */
public final class LlmHealthIndicator implements HealthIndicator {

    private final LlmComponent llm;
    private final LlmProperties properties;

    public LlmHealthIndicator(LlmComponent llm, LlmProperties properties) {
        this.llm = llm;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Map<String, String> providers = new LinkedHashMap<>();
        for (String name : properties.providersInUse()) {
            providers.put(name, llm.provider(name) instanceof GuardedProvider guarded
                    ? guarded.breaker().getState().name().toLowerCase(Locale.ROOT) : "local");
        }
        return Health.up()
                .withDetail("provider", properties.provider())
                .withDetail("fallback", properties.fallback())
                .withDetail("providers", providers)
                .build();
    }
}
