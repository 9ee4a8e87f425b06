package dev.janus.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error response of every Janus service: {@code {"error": {"code": "...", "message": "..."}}},
 * plus the correlation id when a request timed out waiting for its reply.
 *
 * @param error what went wrong
 */
@Schema(name = "ApiError", description = "The body of every error response")
public record ApiError(Detail error) {

    /** An error with a code and a message saying what was wrong and how to fix it (the code when there is none). */
    public static ApiError of(String code, @Nullable String message) {
        return new ApiError(new Detail(code, message == null ? code : message, null));
    }

    /**
     * @param code stable, machine-readable
     * @param message for people: what was wrong and how to fix it
     * @param correlationId the request flow, when the error concerns one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ApiErrorDetail")
    public record Detail(@Schema(description = "stable, machine-readable", example = "stream_not_found") String code,
            @Schema(description = "for people: what was wrong and how to fix it") String message,
            @Schema(description = "the request flow, when the error concerns one (504 reply_timeout)")
            @JsonProperty("correlation_id") @Nullable String correlationId) {
    }
}
