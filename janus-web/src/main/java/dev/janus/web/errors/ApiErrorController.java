package dev.janus.web.errors;

import static dev.janus.events.Abbreviation.abbreviate;

import java.util.Locale;

import dev.janus.web.ApiError;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring's error page in the documented error body, in place of Boot's {@code {"timestamp","status","error","path"}}
 * and its HTML page: what a request gets when it failed where no exception handler runs (Tomcat's own 405 for
 * {@code TRACE}, a {@code sendError} of a filter or of the servlet container). Its message comes from the status
 * and the request, never from an exception, so it cannot show internals. Requests for {@code /error} itself are
 * refused by {@code EdgeSecurity}; this serves error dispatches only.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ApiErrorController implements ErrorController {

    // JSON whatever the request accepts: a browser asking for HTML still learns what was wrong
    @RequestMapping
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri
                : request.getRequestURI();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(of(status, path));
    }

    /** The error body of a status Janus's handlers did not answer themselves. */
    static ApiError of(int status, @Nullable String path) {
        String on = path == null ? "" : " " + abbreviate(path, 100);
        return switch (status) {
            case 400 -> ApiError.of("bad_request", "the request" + (path == null ? "" : " to " + abbreviate(path, 100))
                    + " is not valid; check its path, headers and body against /v3/api-docs");
            case 401 -> ApiError.of("unauthenticated", "this route needs an API key; send Authorization: Bearer <key>");
            case 403 -> ApiError.of("forbidden", "the caller may not use "
                    + (path == null ? "this route" : abbreviate(path, 100)));
            case 404 -> ApiError.of("not_found", "no such path:" + on
                    + " (paths are case-sensitive; the routes are listed at /v3/api-docs)");
            // the method of an error dispatch is not always the request's own (Tomcat's 405 for TRACE)
            case 405 -> ApiError.of("method_not_allowed", "the method is not allowed on" + on
                    + "; Janus serves GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS (never TRACE)");
            case 406 -> ApiError.of("not_acceptable", "send Accept: application/json, or no Accept header");
            case 408 -> ApiError.of("request_timeout", "the request was not received in time; send it again");
            case 413 -> ApiError.of("payload_too_large", "the request body is too large; send a smaller one");
            case 414, 431 -> ApiError.of("request_too_large", "the URL or the headers are too long; send a shorter "
                    + "URL and fewer or smaller headers");
            case 415 -> ApiError.of("unsupported_media_type", "send the body as application/json");
            case 503 -> ApiError.of("unavailable", "Janus cannot serve the request now; retry in a few seconds");
            default -> status >= 500
                    ? ApiError.of("internal_error", "Janus failed to handle the request; the server log has the details")
                    : ApiError.of(reason(status), "the request" + (path == null ? "" : " to " + abbreviate(path, 100))
                            + " failed with HTTP status " + status);
        };
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "http_" + status : known.name().toLowerCase(Locale.ROOT);
    }
}
