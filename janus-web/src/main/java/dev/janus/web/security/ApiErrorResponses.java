package dev.janus.web.security;

import java.io.IOException;

import dev.janus.web.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/** Writes the documented error body from the filters of the edge, where no controller advice runs. */
final class ApiErrorResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiErrorResponses() {
    }

    static void write(HttpServletResponse response, int status, String code, @Nullable String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(ApiError.of(code, message)));
        response.flushBuffer();
    }
}
