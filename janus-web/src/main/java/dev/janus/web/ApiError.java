package dev.janus.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error response of every Janus service: {@code {"error": {"code": "...", "message": "..."}}},
 * plus the correlation id when a request timed out waiting for its reply.
 *
 * @param error what went wrong
 */
public record ApiError(Detail error) {

    /** An error with a code and a message saying what was wrong and how to fix it. */
    public static ApiError of(String code, String message) {
        return new ApiError(new Detail(code, message, null));
    }

    /**
     * @param code stable, machine-readable
     * @param message for people: what was wrong and how to fix it
     * @param correlationId the request flow, when the error concerns one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, @JsonProperty("correlation_id") @Nullable String correlationId) {
    }
}
