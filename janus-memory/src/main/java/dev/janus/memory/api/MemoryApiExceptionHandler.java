package dev.janus.memory.api;

import dev.janus.web.ApiError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the failures of memory's REST interface into the documented error body with a fitting status; the request
 * errors every route shares (parameters, methods, bodies) are {@code RequestErrorHandler}'s.
 */
@RestControllerAdvice(assignableTypes = MemoriesController.class)
public class MemoryApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(MemoryApiExceptionHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ApiError> invalid(InvalidRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ApiError> forbidden(ForbiddenException e) {
        return error(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(MemoryNotFoundException.class)
    ResponseEntity<ApiError> notFound(MemoryNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.code(), e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure of a memory REST request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Janus failed to handle the request; the server log has the details");
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, @Nullable String message) {
        return ResponseEntity.status(status).body(ApiError.of(code, message));
    }
}
