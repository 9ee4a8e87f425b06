package dev.janus.web.errors;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.janus.web.ApiError;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report in the documented error body instead of its HTML page: for requests Tomcat refuses before
 * any servlet sees them (an encoded {@code /} or {@code \}, {@code %00}, a bad {@code Host}, a request line or
 * headers over {@code server.max-http-request-header-size}) and for any other error no servlet wrote a body for.
 * Tomcat's own message, which may quote the request, is only read to pick the code, never shown.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = JSON.writeValueAsString(of(status, response.getMessage(), throwable));
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to tell it
        }
    }

    /** The error body of a request Tomcat refused with {@code status} and its {@code message} or {@code throwable}. */
    static ApiError of(int status, @Nullable String message, @Nullable Throwable throwable) {
        String why = ((message == null ? "" : message) + " " + (throwable == null ? "" : throwable.getMessage()))
                .toLowerCase(Locale.ROOT);
        if (status == 400 && why.contains("too large")) {
            return ApiError.of("request_too_large", "the request line and headers are too large (at most "
                    + "server.max-http-request-header-size, 8 KB by default); send a shorter URL and fewer or "
                    + "smaller headers");
        }
        if (status == 400 && (why.contains("uri") || why.contains("request target") || why.contains("path"))) {
            return ApiError.of("invalid_path", "the path is ambiguous or not valid (encoded '/' or '\\', '\\' "
                    + "itself, encoded control characters such as %00 are refused); send the plain path, e.g. "
                    + "/api/v1/streams");
        }
        if (status == 400) {
            return ApiError.of("invalid_request", "the request line or a header is not valid HTTP/1.1 (the Host header "
                    + "must be a host name or address with an optional port, like localhost:8080; header values must "
                    + "be printable ASCII)");
        }
        return ApiErrorController.of(status, null);
    }
}
