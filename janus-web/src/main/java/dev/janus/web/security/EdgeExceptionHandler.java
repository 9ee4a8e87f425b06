package dev.janus.web.security;

import dev.janus.web.ApiError;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The identity errors of every controller, before any component's own advice: no principal (401) and a request
 * speaking as another user (403 {@code user_mismatch}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EdgeExceptionHandler {

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
