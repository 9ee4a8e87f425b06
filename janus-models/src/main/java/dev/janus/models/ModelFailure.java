package dev.janus.models;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
import org.jspecify.annotations.Nullable;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * What went wrong with a model call, read from what its client threw: the OpenAI and Anthropic SDKs' service
 * exceptions, Spring's web client exceptions and Spring AI's own HTTP errors (Ollama), I/O errors, and Janus's own
 * stops ({@link StoppedCall}). Decides whether the call is worth another attempt (HTTP 429, 5xx, connection refused or
 * reset, any other I/O failure before a response) and how long a 429 asked to wait ({@code Retry-After}, seconds or an
 * HTTP date); describes it in words fit for a log line or a user: the HTTP status or the kind of failure, never a
 * response body, which may quote the user's text, nor a key.
 *
 * @param status the HTTP status, 0 when there was no response
 * @param retryable whether another attempt may succeed
 * @param retryAfter the wait the provider asked for, if any
 * @param description a short reason a user can read, e.g. {@code HTTP 503}, {@code connection refused}
 */
public record ModelFailure(int status, boolean retryable, @Nullable Duration retryAfter, String description) {

    /** Classifies {@code failure}, looking through its causes; the outermost cause that says something decides. */
    public static ModelFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CancellationException || cause instanceof InterruptedException) {
                return new ModelFailure(0, false, null, "interrupted");
            }
            if (cause instanceof StoppedCall stopped) {
                return new ModelFailure(0, false, null, stopped.reason());
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
                return new ModelFailure(0, false, null, "a line of the provider's response passed 256 KB");
            }
            if (cause instanceof RestClientResponseException response) {
                return http(response.getStatusCode().value(), response.getResponseHeaders() == null ? null
                        : response.getResponseHeaders().getFirst("Retry-After"));
            }
            if (cause instanceof ConnectException) {
                return new ModelFailure(0, true, null, "connection refused");
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return new ModelFailure(0, false, null, "the provider's client timed out");
            }
            if (cause instanceof SocketException) {
                return new ModelFailure(0, true, null, "connection reset");
            }
            if (cause instanceof IOException) {
                return new ModelFailure(0, true, null, "I/O error: " + cause.getClass().getSimpleName());
            }
            if (cause instanceof TransientAiException || cause instanceof NonTransientAiException) {
                Integer status = statusOf(cause.getMessage());
                if (status != null) {
                    return http(status, null);
                }
            }
        }
        String name = failure.getClass().getSimpleName();
        return new ModelFailure(0, false, null, name.isEmpty() ? "unexpected failure" : name);
    }

    /** Spring AI's own HTTP errors (Ollama's) say {@code 500 INTERNAL_SERVER_ERROR - <body>}: the status only. */
    private static @Nullable Integer statusOf(@Nullable String message) {
        if (message != null && message.length() > 3 && Character.isDigit(message.charAt(0))
                && Character.isDigit(message.charAt(1)) && Character.isDigit(message.charAt(2))
                && message.charAt(3) == ' ') {
            return Integer.valueOf(message.substring(0, 3));
        }
        return null;
    }

    private static ModelFailure http(int status, @Nullable String retryAfter) {
        boolean retryable = status == 429 || status >= 500;
        return new ModelFailure(status, retryable, status == 429 ? parse(retryAfter) : null, "HTTP " + status);
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

    /**
     * The wait before the next attempt: what the provider asked for, else {@code initialBackoff} doubled for each
     * attempt after the second, never above {@code maxBackoff}.
     */
    public Duration waitBefore(int nextAttempt, Duration initialBackoff, Duration maxBackoff) {
        Duration backoff = initialBackoff.multipliedBy(1L << Math.min(nextAttempt - 2, 20));
        Duration wait = Optional.ofNullable(retryAfter).orElse(backoff);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
