package dev.janus.app.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.janus.app.JanusApplication;
import dev.janus.testkit.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of the running all-in-one app against the routes its handler mappings hold: every REST route
 * is in it with a summary, a success response with its schema and errors in the shared error body; a route without
 * documented responses fails the test. Access to the document and Swagger UI is in
 * {@code AuthorizationMatrixIntegrationTests} (the same rules as the API).
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIntegrationTests {

    private static final String API_ERROR = "#/components/schemas/ApiError";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void isOpenApi31WithTheBearerSchemeAndTheSharedErrorBody() throws Exception {
        // when
        JsonNode document = document();

        // then
        assertThat(document.get("openapi").stringValue()).startsWith("3.1");
        JsonNode bearer = document.at("/components/securitySchemes/bearer");
        assertThat(bearer.get("type").stringValue()).isEqualTo("http");
        assertThat(bearer.get("scheme").stringValue()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearer")).isTrue();
        assertThat(document.at("/components/schemas/ApiError/properties/error/$ref").stringValue())
                .isEqualTo("#/components/schemas/ApiErrorDetail");
        assertThat(document.at("/components/schemas/ApiErrorDetail/properties").propertyNames())
                .contains("code", "message", "correlation_id");
    }

    @Test
    void everyRouteHasASummaryASuccessWithItsSchemaAndErrorsInTheSharedBody() throws Exception {
        // given
        JsonNode paths = document().get("paths");
        Set<String> routes = restRoutes();
        assertThat(routes).contains("POST /api/v1/streams/{streamId}/messages", "GET /api/v1/users/{userId}/memories",
                "GET /api/v1/me", "GET /api/v1/tools", "DELETE /api/v1/admin/dlq/{id}");

        // when
        List<String> problems = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = route.substring(route.indexOf(' ') + 1);
            JsonNode operation = paths.path(path).path(method);
            if (operation.isMissingNode()) {
                problems.add(route + ": not in the document");
                continue;
            }
            problems.addAll(problems(route, operation));
        }

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void examplesShowTheRequestAndTheReply() throws Exception {
        // when
        JsonNode send = document().at("/paths/~1api~1v1~1streams~1{streamId}~1messages/post");

        // then
        assertThat(send.at("/requestBody/content/application~1json/example/text").stringValue()).isNotBlank();
        assertThat(send.at("/responses/200/content/application~1json/example/text").stringValue()).contains("391");
        assertThat(send.at("/responses/504/content/application~1json/examples/reply_timeout/value/error/code")
                .stringValue()).isEqualTo("reply_timeout");
    }

    @Test
    void anOperationMarkedOwnedStreamListsTheForbiddenAndNotFoundErrors() throws Exception {
        // when
        JsonNode end = document().at("/paths/~1api~1v1~1streams~1{streamId}/delete");

        // then
        assertThat(end.at("/responses/403/content/application~1json/examples/forbidden/value/error/code")
                .stringValue()).isEqualTo("forbidden");
        assertThat(end.at("/responses/404/content/application~1json/examples/stream_not_found/value/error/code")
                .stringValue()).isEqualTo("stream_not_found");
    }

    @Test
    void swaggerUiIsServedWithAPolicyOfItsOwnAndThePageKeepsTheStrictOne() throws Exception {
        // when
        RawHttp.Response redirect = RawHttp.send(port, "GET", "/swagger-ui.html", Map.of(), null);
        RawHttp.Response ui = RawHttp.send(port, "GET", "/swagger-ui/index.html", Map.of(), null);
        RawHttp.Response page = RawHttp.send(port, "GET", "/", Map.of(), null);

        // then
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.headers().get("location")).endsWith("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.headers().get("content-security-policy")).contains("style-src 'self' 'unsafe-inline'")
                .contains("script-src 'self';");
        assertThat(page.headers().get("content-security-policy")).contains("style-src 'self';")
                .doesNotContain("unsafe-inline");
        assertThat(RawHttp.send(port, "GET", "/v3/api-docs.yaml", Map.of(), null).body()).startsWith("openapi: 3.1");
    }

    /** What is wrong with the documentation of one operation. */
    private static List<String> problems(String route, JsonNode operation) {
        List<String> problems = new ArrayList<>();
        if (operation.path("summary").stringValue("").isBlank()) {
            problems.add(route + ": no summary");
        }
        JsonNode responses = operation.path("responses");
        boolean success = false;
        for (String status : responses.propertyNames()) {
            JsonNode response = responses.get(status);
            String description = response.path("description").stringValue("");
            if (description.isBlank() || description.equals("OK") || description.equals("default response")) {
                problems.add(route + " " + status + ": no description of its own");
            }
            if (status.startsWith("2")) {
                success = true;
                if (!status.equals("204") && response.path("content").isEmpty()) {
                    problems.add(route + " " + status + ": no content schema");
                }
            }
            else if (status.startsWith("4") || status.startsWith("5")) {
                if (!API_ERROR.equals(response.at("/content/application~1json/schema/$ref").stringValue(null))) {
                    problems.add(route + " " + status + ": not the shared error body");
                }
            }
        }
        if (!success) {
            problems.add(route + ": no documented success response");
        }
        if (!responses.has("401")) {
            problems.add(route + ": 401 not documented");
        }
        return problems;
    }

    private JsonNode document() throws Exception {
        RawHttp.Response response = RawHttp.send(port, "GET", "/v3/api-docs", Map.of(), null);
        assertThat(response.status()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Every REST route of the app's own controllers: not the actuator's, springdoc's or Boot's error page. */
    private Set<String> restRoutes() {
        Set<String> routes = new TreeSet<>();
        for (AbstractHandlerMethodMapping<?> mapping : context.getBeansOfType(AbstractHandlerMethodMapping.class)
                .values()) {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                if (!(info instanceof RequestMappingInfo request)
                        || !handler.getBeanType().getPackageName().startsWith("dev.janus.")) {
                    return;
                }
                for (String pattern : request.getPatternValues()) {
                    request.getMethodsCondition().getMethods().forEach(method -> routes.add(method.name() + " "
                            + pattern));
                }
            });
        }
        return routes;
    }
}
