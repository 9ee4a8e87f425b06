package dev.janus.input.rest;

import dev.janus.input.ConnectionLimitException;
import dev.janus.input.Conversations;
import dev.janus.input.InputRejectedException;
import dev.janus.input.StreamForbiddenException;
import dev.janus.web.ApiError;
import dev.janus.web.security.EdgeExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Turns the failures of the REST interface into the documented error body with a fitting status; the request errors
 * every route shares (paths, methods, content types, parameters, unreadable or oversized bodies) are
 * {@link dev.janus.web.errors.RequestErrorHandler}'s.
 */
@RestControllerAdvice(assignableTypes = { StreamsController.class, EventsExportController.class })
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InputRejectedException.class)
    ResponseEntity<ApiError> rejected(InputRejectedException e) {
        return error(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }

    @ExceptionHandler(StreamForbiddenException.class)
    ResponseEntity<ApiError> forbidden(StreamForbiddenException e) {
        return error(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(ConnectionLimitException.class)
    ResponseEntity<ApiError> connectionLimit(ConnectionLimitException e) {
        if (!e.nodeFull()) {
            return error(HttpStatus.TOO_MANY_REQUESTS, "too_many_connections", e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(EdgeExceptionHandler.RETRY_AFTER_SECONDS))
                .body(ApiError.of("too_many_connections", e.getMessage()));
    }

    @ExceptionHandler(StreamNotFoundException.class)
    ResponseEntity<ApiError> notFound(StreamNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "stream_not_found", e.getMessage());
    }

    @ExceptionHandler(Conversations.BusUnavailableException.class)
    ResponseEntity<ApiError> busUnavailable(Conversations.BusUnavailableException e) {
        log.warn("Refused a request because the bus is unavailable: {}", e.getMessage());
        return EdgeExceptionHandler.busUnavailable(e.getMessage());
    }

    /** The client of an event stream went away (a write failed): nobody is left to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    @Nullable ResponseEntity<ApiError> clientGone(AsyncRequestNotUsableException e) {
        log.debug("A client went away: {}", e.getMessage());
        return null;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure of a REST request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Janus failed to handle the request; the server log has the details");
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, @Nullable String message) {
        return ResponseEntity.status(status).body(ApiError.of(code, message));
    }
}
