package dev.janus.models;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

import com.anthropic.errors.AnthropicServiceException;
import com.openai.errors.OpenAIServiceException;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Says why a model call failed, from what its client threw (the OpenAI and Anthropic SDKs' service exceptions,
 * Spring AI's and Spring's HTTP errors for Ollama, I/O errors), in words fit for a log line: the HTTP status or the kind
 * of failure, never a response body, which may quote the user's text, nor a key.
 */
public final class ModelFailures {

    private ModelFailures() {
    }

    /** A short reason, e.g. {@code HTTP 503}, {@code connection refused}. */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OpenAIServiceException service) {
                return "HTTP " + service.statusCode();
            }
            if (cause instanceof AnthropicServiceException service) {
                return "HTTP " + service.statusCode();
            }
            if (cause instanceof RestClientResponseException response) {
                return "HTTP " + response.getStatusCode().value();
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return "the model's client timed out";
            }
            if (cause instanceof ProviderResponseTooLargeException tooLarge) {
                return tooLarge.reason();
            }
            if (cause instanceof IOException) {
                return "I/O error: " + cause.getClass().getSimpleName();
            }
            if (cause instanceof TransientAiException || cause instanceof NonTransientAiException) {
                String status = statusOf(cause.getMessage());
                if (status != null) {
                    return status;
                }
            }
        }
        String name = failure.getClass().getSimpleName();
        return name.isEmpty() ? "unexpected failure" : name;
    }

    /** Spring AI's own HTTP errors (Ollama's) say {@code 500 INTERNAL_SERVER_ERROR - <body>}: the status only. */
    private static @Nullable String statusOf(@Nullable String message) {
        if (message != null && message.length() > 3 && Character.isDigit(message.charAt(0))
                && Character.isDigit(message.charAt(1)) && Character.isDigit(message.charAt(2))
                && message.charAt(3) == ' ') {
            return "HTTP " + message.substring(0, 3);
        }
        return null;
    }
}
