package dev.janus.web.security;

import dev.janus.redis.RedisOutage;
import dev.janus.web.ApiError;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The edge's errors every controller shares, before any component's own advice: no principal (401), a request
 * speaking as another user (403 {@code user_mismatch}), Redis out of reach (503 {@code bus_unavailable} with
 * {@code Retry-After}, whatever the request was doing with Redis: the bus, sessions, stream owners, keys). The
 * request errors Spring MVC finds (paths, methods, content types, parameters, bodies) are
 * {@link dev.janus.web.errors.RequestErrorHandler}'s, which comes just before this advice.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class EdgeExceptionHandler {

    /** How long a client is asked to wait before trying again while Redis is out of reach. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(EdgeExceptionHandler.class);

    /** 503 {@code bus_unavailable} with {@code Retry-After}: the request may be sent again later. */
    public static ResponseEntity<ApiError> busUnavailable(@Nullable String message) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(ApiError.of("bus_unavailable", (message == null ? "the event bus is unavailable" : message)
                        + "; retry in " + RETRY_AFTER_SECONDS + " s"));
    }

    @ExceptionHandler(RedisException.class)
    ResponseEntity<ApiError> redis(RedisException e) {
        if (RedisOutage.explains(e)) {
            log.warn("Refused a request because Redis is out of reach: {}", e.toString());
            return busUnavailable("Redis, which carries Janus's events and state, is out of reach");
        }
        log.error("Unexpected Redis failure of a request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ApiError.of("internal_error",
                "Janus failed to handle the request; the server log has the details"));
    }

    @ExceptionHandler(UnauthenticatedException.class)
    ResponseEntity<ApiError> unauthenticated(UnauthenticatedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(ApiError.of("unauthenticated", e.getMessage()));
    }

    @ExceptionHandler(UserMismatchException.class)
    ResponseEntity<ApiError> userMismatch(UserMismatchException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ApiError.of("user_mismatch", e.getMessage()));
    }
}
