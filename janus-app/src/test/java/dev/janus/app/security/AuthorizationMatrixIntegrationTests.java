package dev.janus.app.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.janus.app.JanusApplication;
import dev.janus.testkit.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the running all-in-one app — each REST mapping and actuator endpoint its handler mappings hold,
 * each WebSocket endpoint, and the page — tried by every kind of caller (no key, the owner alice, another user bob,
 * an admin) and with every path variant an attacker would write ({@code ;x}, {@code %2e}, {@code //}, an encoded
 * letter, a trailing {@code /}, upper case). Ambiguous paths are 400 for everyone; no variant ever answers 2xx to
 * a caller that may not use the route; the plain path answers 401/403 exactly where it must. The routes covered are
 * written to {@code target/authorization-matrix.txt}.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1",
                "janus.security.api-keys[0].principal=alice", "janus.security.api-keys[0].key=" + AuthorizationMatrixIntegrationTests.ALICE,
                "janus.security.api-keys[1].principal=bob", "janus.security.api-keys[1].key=" + AuthorizationMatrixIntegrationTests.BOB,
                "janus.security.api-keys[2].principal=ops", "janus.security.api-keys[2].roles=admin,user",
                "janus.security.api-keys[2].key=" + AuthorizationMatrixIntegrationTests.ADMIN,
                "janus.security.rate-limit.requests-per-second=100000", "janus.security.rate-limit.burst=100000",
                "management.endpoints.web.exposure.include=health,prometheus,info,env,metrics" })
class AuthorizationMatrixIntegrationTests {

    static final String ALICE = "alice-key-0123456789abcdef";
    static final String BOB = "bob-key-0123456789abcdef";
    static final String ADMIN = "ops-key-0123456789abcdef";

    /** One JSON body with the fields of every route that takes one; each route reads what it needs. */
    private static final String BODY = "{\"text\":\"hi\",\"feedback\":\"accepted\",\"session_type\":\"chat\","
            + "\"principal\":\"matrix-%s\",\"roles\":[\"user\"]}";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    enum Caller {
        NONE(null), ALICE(AuthorizationMatrixIntegrationTests.ALICE), BOB(AuthorizationMatrixIntegrationTests.BOB),
        ADMIN(AuthorizationMatrixIntegrationTests.ADMIN);

        final String key;

        Caller(String key) {
            this.key = key;
        }
    }

    /** Who may use a route, read from its path as the security rules decide it. */
    enum Access { OPEN, AUTHENTICATED, OWNER, ADMIN, NOBODY }

    record Route(String method, String pattern, boolean webSocket) {

        Access access() {
            if (pattern.equals("/") || pattern.equals("/actuator/health") || pattern.startsWith("/actuator/health/")
                    || pattern.equals("/actuator/prometheus") || (pattern.matches("/[a-z-]+\\.(js|css)|/index\\.html")
                            && method.equals("GET")) || (pattern.startsWith("/vendor/") && method.equals("GET"))) {
                return Access.OPEN;
            }
            if (pattern.equals("/error")) {
                return Access.NOBODY;
            }
            if (pattern.startsWith("/api/v1/admin/") || pattern.startsWith("/actuator") || pattern.equals("/api/v1/memories/consolidation")) {
                return Access.ADMIN;
            }
            return pattern.contains("{streamId}") || pattern.contains("{userId}") || webSocket ? Access.OWNER
                    : Access.AUTHENTICATED;
        }

        /** Whether {@code caller} must be refused. */
        boolean refuses(Caller caller) {
            return switch (access()) {
                case OPEN -> false;
                case AUTHENTICATED -> caller == Caller.NONE;
                case OWNER -> caller == Caller.NONE || caller == Caller.BOB;
                case ADMIN -> caller != Caller.ADMIN;
                case NOBODY -> true;
            };
        }

        @Override
        public String toString() {
            return (webSocket ? "WS  " : method + " ").concat(pattern);
        }
    }

    @Test
    void everyRouteRefusesEveryCallerItMustWhateverThePathLooksLike() throws Exception {
        // given alice's stream and the routes of the running app
        String stream = aliceStream();
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::toString).contains("POST /api/v1/streams/{streamId}/messages",
                "POST /api/v1/admin/api-keys", "DELETE /api/v1/users/{userId}/memories", "WS  /ws/chat",
                "WS  /ws/audio", "WS  /ws/video", "GET /actuator/env", "GET /", "GET /v3/api-docs",
                "GET /swagger-ui.html", "GET /swagger-ui/index.html");

        // when every route is tried by every caller with every variant
        List<String> violations = new ArrayList<>();
        List<String> report = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            String path = fill(route.pattern(), stream);
            for (Caller caller : Caller.values()) {
                Map<String, Integer> answers = new LinkedHashMap<>();
                for (Map.Entry<String, String> variant : variants(path).entrySet()) {
                    int status = call(route, variant.getValue(), caller, stream);
                    requests++;
                    answers.put(variant.getKey(), status);
                    String problem = problem(route, caller, variant.getKey(), status);
                    if (problem != null) {
                        violations.add(route + " as " + caller + " via " + variant.getKey() + " ("
                                + variant.getValue() + "): " + status + ", " + problem);
                    }
                }
                report.add(String.format(Locale.ROOT, "%-60s %-6s %s", route, caller, answers));
            }
        }
        Path written = Path.of("target", "authorization-matrix.txt");
        Files.createDirectories(written.getParent());
        Files.write(written, report);
        System.out.println("Authorization matrix: " + routes.size() + " routes, " + requests + " requests; see "
                + written.toAbsolutePath());
        routes.forEach(route -> System.out.println("  covered " + route + " (" + route.access() + ")"));

        // then
        assertThat(violations).isEmpty();
    }

    private static String problem(Route route, Caller caller, String variant, int status) {
        boolean refused = route.refuses(caller);
        boolean success = status >= 200 && status < 300 || status == 101;
        if (refused && success) {
            return "a caller that may not use the route was served";
        }
        switch (variant) {
            case "plain", "%61" -> {
                if (refused && caller == Caller.NONE && status != 401) {
                    return "expected 401";
                }
                if (refused && caller != Caller.NONE && status != 403) {
                    return "expected 403";
                }
                if (!refused && (status == 401 || status == 403 || status >= 500)) {
                    return "a caller that may use the route was refused or failed";
                }
            }
            case ";x", "%2e", "//", "%2f", "\\" -> {
                if (status != 400) {
                    return "an ambiguous path must be 400 invalid_path";
                }
            }
            default -> {
                if (status >= 500) {
                    return "a server error";
                }
            }
        }
        return null;
    }

    /** The route's path with each variant an attacker would write. */
    private static Map<String, String> variants(String path) {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("plain", path);
        if (path.equals("/")) {
            variants.put(";x", "/;x");
            variants.put("//", "//");
            return variants;
        }
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path : path.substring(0, second);
        String rest = second < 0 ? "" : path.substring(second);
        variants.put(";x", first + ";x" + rest);
        variants.put("%2e", first + "/%2e" + rest);
        variants.put("//", first + "/" + rest);
        variants.put("%2f", first + "%2F" + rest.substring(Math.min(1, rest.length())));
        variants.put("\\", first + "\\" + rest.substring(Math.min(1, rest.length())));
        variants.put("%61", "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2));
        variants.put("trailing /", path + "/");
        variants.put("upper case", path.toUpperCase(Locale.ROOT).replace("%2F", "%2f"));
        if (rest.isEmpty()) {
            variants.remove("//");
            variants.remove("%2f");
            variants.remove("\\");
        }
        return variants;
    }

    private int call(Route route, String path, Caller caller, String stream) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (caller.key != null) {
            headers.put("Authorization", "Bearer " + caller.key);
        }
        if (route.webSocket()) {
            headers.put("Connection", "Upgrade");
            headers.put("Upgrade", "websocket");
            headers.put("Sec-WebSocket-Version", "13");
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
            return RawHttp.head(port, "GET", path + "?stream_id=" + stream, headers, null).status();
        }
        String body = route.method().equals("POST") || route.method().equals("PUT")
                ? BODY.formatted(UUID.randomUUID().toString().substring(0, 8)) : null;
        // an event stream never ends: its status is what tells
        return RawHttp.head(port, route.method(), path, headers, body).status();
    }

    private String aliceStream() throws IOException {
        RawHttp.Response opened = RawHttp.send(port, "POST", "/api/v1/streams",
                Map.of("Authorization", "Bearer " + ALICE), "{\"session_type\":\"chat\"}");
        assertThat(opened.status()).isEqualTo(201);
        return JsonMapper.builder().build().readTree(opened.body()).get("stream_id").stringValue();
    }

    /** Path variables filled with alice's resources (or, for admin actions, harmless ones). */
    private static String fill(String pattern, String stream) {
        return pattern.replace("{streamId}", stream)
                .replace("{userId}", "alice")
                .replace("{memoryId}", "fact-" + UUID.nameUUIDFromBytes(new byte[] { 1 }))
                .replace("{suggestionId}", "sug-1")
                .replace("{principal}", "nobody-here")
                .replace("{name}", "calculator")
                .replace("{id}", "0-1")
                .replaceAll("\\{\\*?[A-Za-z]+}", "x")
                .replace("/**", "/x");
    }

    /** Every route the running app serves. */
    private List<Route> routes() {
        Set<Route> routes = new java.util.LinkedHashSet<>();
        for (AbstractHandlerMethodMapping<?> mapping : context.getBeansOfType(AbstractHandlerMethodMapping.class)
                .values()) {
            for (Object info : mapping.getHandlerMethods().keySet()) {
                if (info instanceof RequestMappingInfo request) {
                    Set<String> methods = new TreeSet<>();
                    request.getMethodsCondition().getMethods().forEach(method -> methods.add(method.name()));
                    if (methods.isEmpty()) {
                        methods.add("GET");
                    }
                    for (String pattern : request.getPatternValues()) {
                        methods.forEach(method -> routes.add(new Route(method, pattern, false)));
                    }
                }
            }
        }
        for (SimpleUrlHandlerMapping mapping : context.getBeansOfType(SimpleUrlHandlerMapping.class).values()) {
            mapping.getUrlMap().forEach((pattern, handler) -> {
                if (handler instanceof WebSocketHttpRequestHandler) {
                    routes.add(new Route("GET", pattern, true));
                }
            });
        }
        // the page: served by the welcome page and static resources, not by a request mapping
        for (String page : List.of("/", "/index.html", "/janus.js", "/janus.css", "/pcm-worklet.js",
                "/vendor/marked/marked.esm.js", "/vendor/dompurify/purify.es.js")) {
            routes.add(new Route("GET", page, false));
        }
        // Swagger UI's page and assets: static resources too, under the API's rules (not opened with the page)
        for (String asset : List.of("/swagger-ui/index.html", "/swagger-ui/swagger-ui-bundle.js")) {
            routes.add(new Route("GET", asset, false));
        }
        return new ArrayList<>(routes);
    }
}
