package dev.janus.web.security;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.janus.redis.RedisOutage;
import dev.janus.web.ApiError;
import dev.janus.web.PayloadTooLargeException;
import io.lettuce.core.RedisException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.MethodParameter;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The errors every controller shares, before any component's own advice: no principal (401), a request speaking as
 * another user (403 {@code user_mismatch}), Redis out of reach (503 {@code bus_unavailable} with
 * {@code Retry-After}, whatever the request was doing with Redis: the bus, sessions, stream owners, keys), and the
 * request errors Spring MVC finds before or while binding a request, for every route and for paths no route serves:
 * no such path (404 {@code not_found}), method (405), content type (415), {@code Accept} (406), query parameters
 * and bodies (400 {@code invalid_parameter}, {@code invalid_body}, {@code invalid_field}, {@code invalid_json}),
 * bodies over their limit (413). Their messages name what was wrong and how to fix it, never a Java type or method.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
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

    @ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
    ResponseEntity<ApiError> notFound(HttpServletRequest request) {
        return error(HttpStatus.NOT_FOUND, "not_found", "no such path: " + abbreviate(request.getRequestURI())
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
        return response.body(ApiError.of("method_not_allowed", abbreviate(e.getMethod()) + " is not allowed on "
                + abbreviate(request.getRequestURI()) + (allowed.length == 0 ? ""
                        : "; use " + String.join(" or ", allowed))));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        MediaType sent = e.getContentType();
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send the body as "
                + mediaTypes(e.getSupportedMediaTypes()) + " (Content-Type: " + mediaTypes(e.getSupportedMediaTypes())
                + "), not " + (sent == null ? "without a Content-Type" : abbreviate(sent.toString())));
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
        String value = e.getValue() == null ? "" : abbreviate(String.valueOf(e.getValue()));
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
            return error(HttpStatus.BAD_REQUEST, "invalid_field", field + " must be "
                    + (type == null ? "of another type" : describe(type)) + "; send a body like " + example);
        }
        String detail = e.getCause() instanceof JacksonException json ? json.getOriginalMessage() : null;
        return error(HttpStatus.BAD_REQUEST, "invalid_json", "the request body must be a JSON object in UTF-8 like "
                + example + (detail == null ? "" : ": " + abbreviate(firstLine(detail))));
    }

    /** JSON whatever the request accepts (a browser asking for HTML still learns what was wrong). */
    private static ResponseEntity<ApiError> error(HttpStatus status, String code, @Nullable String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(code, message));
    }

    /** What a value of {@code type} looks like in a query or in JSON, for people. */
    private static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()
                    .toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type.getName().startsWith("java.time.") ? "an ISO-8601 date or time" : "a JSON object";
    }

    /** The range a numeric parameter documents with {@code @Schema(minimum, maximum)}, if it does. */
    private static String range(MethodParameter parameter) {
        Schema schema = parameter.getParameterAnnotation(Schema.class);
        io.swagger.v3.oas.annotations.Parameter documented =
                parameter.getParameterAnnotation(io.swagger.v3.oas.annotations.Parameter.class);
        if (schema == null && documented != null) {
            schema = documented.schema();
        }
        if (schema == null || schema.minimum().isEmpty() || schema.maximum().isEmpty()) {
            return "";
        }
        return " from " + new BigDecimal(schema.minimum()).toPlainString() + " to "
                + new BigDecimal(schema.maximum()).toPlainString();
    }

    /** A body like the route's {@code @RequestBody} record takes: {@code {"text":…,"user_id":…}}. */
    private static String bodyExample(@Nullable HandlerMethod handler) {
        if (handler != null) {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                Class<?> type = parameter.getParameterType();
                if (parameter.hasParameterAnnotation(RequestBody.class) && type.isRecord()) {
                    return Arrays.stream(type.getRecordComponents()).map(EdgeExceptionHandler::jsonName)
                            .map(name -> "\"" + name + "\":…").collect(Collectors.joining(",", "{", "}"));
                }
            }
        }
        return "{…}";
    }

    private static String jsonName(RecordComponent component) {
        // a component's @JsonProperty lands on its field, accessor and constructor parameter, not on the component
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
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

    private static String abbreviate(@Nullable String value) {
        return value == null ? "" : value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
