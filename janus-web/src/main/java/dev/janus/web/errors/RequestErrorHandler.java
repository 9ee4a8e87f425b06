package dev.janus.web.errors;

import static dev.janus.events.Abbreviation.abbreviate;
import static dev.janus.web.errors.ExpectedInput.bodyExample;
import static dev.janus.web.errors.ExpectedInput.describe;
import static dev.janus.web.errors.ExpectedInput.range;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.janus.web.ApiError;
import dev.janus.web.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The request errors Spring MVC finds before or while binding a request, for every route and for paths no route
 * serves: no such path (404 {@code not_found}), method (405), content type (415), {@code Accept} (406), query
 * parameters and bodies (400 {@code invalid_parameter}, {@code invalid_body}, {@code invalid_field},
 * {@code invalid_json}), bodies over their limit (413). Their messages name what was wrong and how to fix it, never
 * a Java type or method.
 * <p>
 * First of all advice, so that no component's catch-all answers these with a 500, and before
 * {@code EdgeExceptionHandler}: Spring also matches an advice's handlers against an exception's causes, and a request
 * error must be answered as one even when its cause is an exception that handler answers.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestErrorHandler {

    /** The most characters of a path, method, content type or value a message quotes. */
    private static final int QUOTED_CHARS = 100;

    @ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
    ResponseEntity<ApiError> notFound(HttpServletRequest request) {
        return error(HttpStatus.NOT_FOUND, "not_found", "no such path: "
                + abbreviate(request.getRequestURI(), QUOTED_CHARS)
                + " (paths are case-sensitive; the routes are listed at /v3/api-docs)");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String[] allowed = e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods().clone();
        Arrays.sort(allowed);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .contentType(MediaType.APPLICATION_JSON);
        if (allowed.length > 0) {
            response.header(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        return response.body(ApiError.of("method_not_allowed", abbreviate(e.getMethod(), QUOTED_CHARS)
                + " is not allowed on " + abbreviate(request.getRequestURI(), QUOTED_CHARS)
                + (allowed.length == 0 ? "" : "; use " + String.join(" or ", allowed))));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        MediaType sent = e.getContentType();
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send the body as "
                + mediaTypes(e.getSupportedMediaTypes()) + " (Content-Type: " + mediaTypes(e.getSupportedMediaTypes())
                + "), not " + (sent == null ? "without a Content-Type" : abbreviate(sent.toString(), QUOTED_CHARS)));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "this route answers "
                + mediaTypes(e.getSupportedMediaTypes()) + "; accept that (Accept: "
                + mediaTypes(e.getSupportedMediaTypes()) + ") or send no Accept header");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_parameter", "the query parameter " + e.getParameterName()
                + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> parameterTypeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getParameter().getNestedParameterType();
        String value = e.getValue() == null ? "" : abbreviate(String.valueOf(e.getValue()), QUOTED_CHARS);
        return error(HttpStatus.BAD_REQUEST, "invalid_parameter", e.getName() + " must be " + describe(type)
                + range(e.getParameter()) + ", but was '" + value + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e, @Nullable HandlerMethod handler) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return error(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", tooLarge.getMessage());
            }
        }
        String example = bodyExample(handler);
        if (e.getCause() == null) {
            // Spring's "Required request body is missing: <method signature>"
            return error(HttpStatus.BAD_REQUEST, "invalid_body", "the request needs a JSON body like " + example);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            String field = field(mismatch.getPath());
            if (field.isEmpty()) {
                return error(HttpStatus.BAD_REQUEST, "invalid_body", "the request body must be a JSON object like "
                        + example);
            }
            Class<?> type = mismatch.getTargetType();
            return error(HttpStatus.BAD_REQUEST, "invalid_field", abbreviate(field, QUOTED_CHARS) + " must be "
                    + (type == null ? "of another type" : describe(type)) + "; send a body like " + example);
        }
        String detail = e.getCause() instanceof JacksonException json ? json.getOriginalMessage() : null;
        return error(HttpStatus.BAD_REQUEST, "invalid_json", "the request body must be a JSON object in UTF-8 like "
                + example + (detail == null ? "" : ": " + abbreviate(firstLine(detail), QUOTED_CHARS)));
    }

    /** JSON whatever the request accepts (a browser asking for HTML still learns what was wrong). */
    private static ResponseEntity<ApiError> error(HttpStatus status, String code, @Nullable String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(code, message));
    }

    /** The field a JSON path names, as {@code roles[0]} or {@code tool.name}; empty for the whole body. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String mediaTypes(List<MediaType> types) {
        return types.isEmpty() ? "application/json" : types.stream().map(MediaType::toString)
                .collect(Collectors.joining(" or "));
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
