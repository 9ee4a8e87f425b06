package dev.janus.app.chat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST calls of the terminal client, with the API key as a bearer token when one is given. A failed call
 * throws {@link JanusException} with the server's error message.
 */
final class JanusRestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;
    private final @Nullable String key;
    private final JsonMapper json = JsonMapper.builder().build();

    JanusRestClient(HttpClient http, URI base, @Nullable String key) {
        this.http = http;
        this.base = base;
        this.key = key;
    }

    /** {@code GET /api/v1/me}. */
    JsonNode me() {
        return send("GET", "/api/v1/me", null);
    }

    /** {@code POST /api/v1/streams}: a new chat; returns its id. */
    String openStream() {
        return send("POST", "/api/v1/streams", "{\"session_type\":\"chat\"}").path("stream_id").stringValue("");
    }

    /** {@code GET /api/v1/users/{user}/memories?items=10}; an empty object when nothing is remembered. */
    JsonNode memories(String userId) {
        try {
            return send("GET", "/api/v1/users/" + encode(userId) + "/memories?items=10", null);
        }
        catch (JanusException e) {
            if (e.status() == 404) {
                return json.createObjectNode();
            }
            throw e;
        }
    }

    /** {@code DELETE /api/v1/users/{user}/memories}. */
    JsonNode forget(String userId) {
        return send("DELETE", "/api/v1/users/" + encode(userId) + "/memories", null);
    }

    /** {@code DELETE /api/v1/users/{user}/memories/{id}}. */
    JsonNode forget(String userId, String memoryId) {
        return send("DELETE", "/api/v1/users/" + encode(userId) + "/memories/" + encode(memoryId), null);
    }

    private JsonNode send(String method, String path, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new JanusException(0, "Janus at " + base + " did not answer: " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JanusException(0, "interrupted");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            String message = answer.at("/error/message").stringValue("HTTP " + response.statusCode());
            throw new JanusException(response.statusCode(), message);
        }
        return answer;
    }

    private JsonNode parse(String body) {
        try {
            return body.isEmpty() ? json.createObjectNode() : json.readTree(body);
        }
        catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A call Janus refused, or that did not reach it ({@code status} 0). */
    static final class JanusException extends RuntimeException {

        private final int status;

        JanusException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
