package dev.janus.orchestrator.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import com.anthropic.errors.AnthropicServiceException;
import com.openai.errors.OpenAIServiceException;
import dev.janus.models.ProviderResponseTooLargeException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * What went wrong with a provider attempt, read from what its client threw: the OpenAI and Anthropic SDKs' service
 * exceptions, Spring's web client exceptions (Ollama), I/O errors. Decides whether the attempt is worth retrying
 * (HTTP 429, 5xx, connection refused or reset, any other I/O failure before a response) and how long a 429 asked to
 * wait ({@code Retry-After}, seconds or an HTTP date); describes it for people without echoing bodies or keys.
 *
 * @param status the HTTP status, 0 when there was no response
 * @param retryable whether another attempt may succeed
 * @param retryAfter the wait the provider asked for, if any
 * @param description a short reason a user can read
 */
public record ProviderFailure(int status, boolean retryable, @Nullable Duration retryAfter, String description) {

    /** Classifies {@code failure}, looking through its causes. */
    public static ProviderFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CancellationException) {
                return new ProviderFailure(0, false, null, "interrupted");
            }
            if (cause instanceof ReplyInProgress.ReplyTooLongException tooLong) {
                return new ProviderFailure(0, false, null, tooLong.reason());
            }
            if (cause instanceof ProviderResponseTooLargeException tooLarge) {
                return new ProviderFailure(0, false, null, tooLarge.reason());
            }
            if (cause instanceof ChatModelProvider.ProviderTimeoutException) {
                return new ProviderFailure(0, false, null,
                        cause.getMessage() == null ? "timed out" : cause.getMessage());
            }
            if (cause instanceof OpenAIServiceException service) {
                return http(service.statusCode(), first(service.headers().values("Retry-After")));
            }
            if (cause instanceof AnthropicServiceException service) {
                return http(service.statusCode(), first(service.headers().values("Retry-After")));
            }
            if (cause instanceof WebClientResponseException response && !response.getStatusCode().is2xxSuccessful()) {
                return http(response.getStatusCode().value(), response.getHeaders().getFirst("Retry-After"));
            }
            if (cause instanceof DataBufferLimitException) {
                // Spring's codecs (Ollama's streamed reply) buffer at most 256 KB of one line
                return new ProviderFailure(0, false, null, "a line of the provider's response passed 256 KB");
            }
            if (cause instanceof RestClientResponseException response) {
                return http(response.getStatusCode().value(), response.getResponseHeaders() == null ? null
                        : response.getResponseHeaders().getFirst("Retry-After"));
            }
            if (cause instanceof ConnectException) {
                return new ProviderFailure(0, true, null, "connection refused");
            }
            if (cause instanceof HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return new ProviderFailure(0, false, null, "the provider's client timed out");
            }
            if (cause instanceof SocketException) {
                return new ProviderFailure(0, true, null, "connection reset");
            }
            if (cause instanceof IOException) {
                return new ProviderFailure(0, true, null, "I/O error: " + cause.getClass().getSimpleName());
            }
        }
        String name = failure.getClass().getSimpleName();
        return new ProviderFailure(0, false, null, name.isEmpty() ? "unexpected failure" : name);
    }

    private static ProviderFailure http(int status, @Nullable String retryAfter) {
        boolean retryable = status == 429 || status >= 500;
        return new ProviderFailure(status, retryable, status == 429 ? parse(retryAfter) : null, "HTTP " + status);
    }

    /** A {@code Retry-After} header: delta-seconds or an HTTP date. */
    static @Nullable Duration parse(@Nullable String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.strip();
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            }
            catch (DateTimeParseException unparsable) {
                return null;
            }
        }
    }

    private static @Nullable String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    /** The wait before the next attempt: what the provider asked for, else the backoff, never above the cap. */
    public Duration waitBefore(int nextAttempt, LlmProperties.Retry retry) {
        Duration backoff = retry.initialBackoff().multipliedBy(1L << Math.min(nextAttempt - 2, 20));
        Duration wait = Optional.ofNullable(retryAfter).orElse(backoff);
        return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
    }
}
