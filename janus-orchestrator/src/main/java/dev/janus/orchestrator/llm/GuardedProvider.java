package dev.janus.orchestrator.llm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.events.LlmRequest;
import dev.janus.models.ModelFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A model provider behind its own circuit breaker (Resilience4j) and retries. An attempt that fails before any of
 * its text reached the client is retried when {@link ModelFailure} says it is worth it (429 after its
 * {@code Retry-After}, 5xx, connection refused or reset), up to {@code janus.llm.retry.max-attempts}; once text was
 * streamed nothing is retried (the client would see it twice). Every attempt counts in the breaker; while it is
 * open, {@link #answer} fails at once without calling the provider, so the request goes down the fallback chain.
 * The backoff is waited here rather than by Resilience4j's {@code Retry} because an interruption must cut it short.
 * Spring AI's and the SDKs' own retries are switched off ({@link dev.janus.models.ChatModels}) so that retries do not multiply.
 */
public final class GuardedProvider implements StreamingProvider {

    /** The breaker of provider {@code p} is {@code janus-llm-p}. */
    public static final String BREAKER_PREFIX = "janus-llm-";

    private final StreamingProvider provider;
    private final CircuitBreaker breaker;
    private final LlmProperties.Retry retry;

    /** The provider behind a breaker of its own registry (no metrics). */
    public GuardedProvider(StreamingProvider provider, LlmProperties properties) {
        this(provider, properties, CircuitBreakerRegistry.ofDefaults());
    }

    /**
     * The provider behind its breaker {@code janus-llm-<provider>} in {@code breakers}, the service's one registry,
     * tagged {@code kind=llm_provider}.
     */
    public GuardedProvider(StreamingProvider provider, LlmProperties properties, CircuitBreakerRegistry breakers) {
        this.provider = provider;
        LlmProperties.CircuitBreaker settings = properties.circuitBreaker();
        this.breaker = breakers.circuitBreaker(BREAKER_PREFIX + provider.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .slidingWindowSize(settings.slidingWindowSize())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build(), Map.of(BusAutoConfiguration.BREAKER_KIND, "llm_provider"));
        this.retry = properties.retry();
    }

    @Override
    public String name() {
        return provider.name();
    }

    /** The provider's breaker, for metrics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The provider inside. */
    public StreamingProvider provider() {
        return provider;
    }

    @Override
    public ProviderReply answer(LlmRequest request, ReplyInProgress reply, @Nullable String model,
            List<String> failures) throws Exception {
        for (int attempt = 1; ; attempt++) {
            reply.throwIfCancelled();
            if (!breaker.tryAcquirePermission()) {
                throw new BreakerOpenException(name() + "'s circuit breaker is open");
            }
            long started = System.nanoTime();
            try {
                ProviderReply answered = provider.answer(request, reply, model, failures);
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return answered;
            }
            catch (Exception e) {
                if (reply.isCancelled() || e instanceof CancellationException || e instanceof InterruptedException) {
                    breaker.releasePermission();
                    throw e;
                }
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                ModelFailure failure = ModelFailure.of(e);
                if (!failure.retryable() || attempt >= retry.maxAttempts() || reply.hasStreamed()) {
                    throw e;
                }
                reply.discardUnpublished();
                reply.pause(failure.waitBefore(attempt + 1, retry.initialBackoff(), retry.maxBackoff()).toMillis());
            }
        }
    }

    /** The provider was not called because its breaker is open. */
    public static final class BreakerOpenException extends RuntimeException {

        BreakerOpenException(String message) {
            super(message);
        }
    }
}
