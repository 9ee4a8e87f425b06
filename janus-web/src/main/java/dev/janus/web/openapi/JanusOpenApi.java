package dev.janus.web.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.janus.web.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

/**
 * What the OpenAPI document of every Janus service says beyond what springdoc reads from the controllers: the
 * service, the bearer scheme (an API key; none in loopback mode), the shared error body as the schema
 * {@code ApiError}, the errors every route can answer at the edge (401 without or with an unknown key, 429 over the
 * rate limit, 403 on admin routes without the admin role) and each route's own {@link ErrorResponse}s. The document
 * and Swagger UI are served under the API's own access rules (a key, or a loopback caller without keys).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
public class JanusOpenApi {

    /** The name of the bearer scheme in the document. */
    public static final String BEARER = "bearer";

    private static final String API_ERROR = "ApiError";
    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

    @Bean
    OpenAPI janusOpenApi(Environment environment) {
        String service = environment.getProperty("spring.application.name", "janus");
        return new OpenAPI()
                .info(new Info().title("Janus (" + service + ")").version("v1").description("""
                        The REST routes of this Janus service. All JSON is snake_case. Every error is \
                        `{"error":{"code":"...","message":"..."}}` (schema `ApiError`) with a 4xx or 5xx status; the \
                        message says what was wrong and how to fix it. Callers send `Authorization: Bearer <api key>`; \
                        without configured keys Janus serves loopback callers only and needs none. The WebSocket \
                        frames and the events are described by the AsyncAPI document, docs/asyncapi.yaml."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key")
                        .description("An API key of janus.security.api-keys or issued by POST /api/v1/admin/api-keys; "
                                + "not needed in loopback mode (no keys configured)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Each route's own errors, from its {@link ErrorResponse} annotations. */
    @Bean
    OperationCustomizer janusDeclaredErrors() {
        return (operation, handler) -> {
            List<ErrorResponse> errors = new ArrayList<>(
                    AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(), ErrorResponse.class));
            Map<Integer, List<ErrorResponse>> byStatus = new TreeMap<>();
            errors.forEach(error -> byStatus.computeIfAbsent(error.status(), status -> new ArrayList<>()).add(error));
            byStatus.forEach((status, declared) -> addErrors(responses(operation), status, declared));
            return operation;
        };
    }

    /** The error body's schema, and the errors of the edge on every route. */
    @Bean
    OpenApiCustomizer janusEdgeErrors() {
        return openApi -> {
            ModelConverters.getInstance(true).readAll(ApiError.class).forEach((name, schema) -> {
                if (openApi.getComponents().getSchemas() == null
                        || !openApi.getComponents().getSchemas().containsKey(name)) {
                    openApi.getComponents().addSchemas(name, schema);
                }
            });
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                ApiResponses responses = responses(operation);
                addError(responses, 401, "unauthenticated", "this endpoint needs an API key: send 'Authorization: "
                        + "Bearer <key>' (an unknown key is 401 invalid_api_key)");
                if (path.startsWith("/api/v1/admin/")) {
                    addError(responses, 403, "forbidden", "this endpoint needs the admin role; principal 'alice' "
                            + "lacks it");
                }
                addError(responses, 429, "rate_limited", "too many requests from 'alice' "
                        + "(janus.security.rate-limit); retry after 1 s (an address that presented too many unknown "
                        + "keys is 429 too_many_invalid_keys)");
            }));
        };
    }

    private static ApiResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        return operation.getResponses();
    }

    private static void addError(ApiResponses responses, int status, String code, String message) {
        String key = Integer.toString(status);
        if (responses.containsKey(key)) {
            return;
        }
        responses.addApiResponse(key, errorResponse(code, Map.of(code, example(code, message))));
    }

    private static void addErrors(ApiResponses responses, int status, List<ErrorResponse> declared) {
        Map<String, Example> examples = new LinkedHashMap<>();
        declared.forEach(error -> examples.put(error.code(), example(error.code(), error.message())));
        String description = String.join(", ", examples.keySet());
        responses.addApiResponse(Integer.toString(status), errorResponse(description, examples));
    }

    private static ApiResponse errorResponse(String description, Map<String, Example> examples) {
        MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + API_ERROR));
        examples.forEach(body::addExamples);
        return new ApiResponse().description(description).content(new Content().addMediaType(JSON, body));
    }

    private static Example example(String code, String message) {
        return new Example().summary(code).value(Map.of("error", Map.of("code", code, "message", message)));
    }
}
