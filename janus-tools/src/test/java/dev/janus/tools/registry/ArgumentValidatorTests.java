package dev.janus.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import dev.janus.tools.registry.ParametersSchema.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ArgumentValidatorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ArgumentValidator validator = new ArgumentValidator();

    /** A schema as an MCP server sends it in {@code tools/list}. */
    static Map<String, Object> schema(String json) {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
        });
    }

    @Nested
    class BuiltInToolSchemas {

        private final Map<String, Object> schema = ParametersSchema.object()
                .required("expression", Property.string("an expression").maxLength(10))
                .optional("count", Property.integer("how many").minimum(1).maximum(5))
                .optional("unit", Property.string("a unit").enumOf(List.of("km", "mi")))
                .build();

        @Test
        void acceptsConformingArguments() {
            assertThat(validator.problems(schema, Map.of("expression", "1 + 1", "count", 3, "unit", "km"))).isEmpty();
        }

        @Test
        void namesAMissingRequiredArgument() {
            assertThat(validator.problems(schema, Map.of())).containsExactly("arguments.expression is required");
        }

        @Test
        void namesEachProblemWithItsField() {
            assertThat(validator.problems(schema, Map.of("expression", 42, "count", 2.5, "unit", "parsec", "extra",
                    true))).containsExactlyInAnyOrder(
                            "arguments.expression must be a string, but was an integer",
                            "arguments.count must be an integer, but was a number",
                            "arguments.unit: does not have a value in the enumeration [\"km\", \"mi\"]",
                            "arguments.extra is not a parameter of this tool");
        }

        @Test
        void checksRangesAndLengths() {
            assertThat(validator.problems(schema, Map.of("expression", "12345678901", "count", 9)))
                    .containsExactlyInAnyOrder("arguments.expression: must be at most 10 characters long",
                            "arguments.count: must have a maximum value of 5");
        }

        @Test
        void acceptsAWholeNumberWrittenAsADecimalWhereAnIntegerIsExpected() {
            assertThat(validator.problems(schema, Map.of("expression", "x", "count", 2.0))).isEmpty();
        }

        @Test
        void checksNestedObjectsAndArrays() {
            Map<String, Object> nested = Map.of("type", "object", "properties", Map.of("tags",
                    Map.of("type", "array", "maxItems", 2, "items", Map.of("type", "string"))));
            assertThat(validator.problems(nested, Map.of("tags", List.of("a", 1, "c"))))
                    .containsExactlyInAnyOrder("arguments.tags: must have at most 2 items but found 3",
                            "arguments.tags[1] must be a string, but was an integer");
        }

        @Test
        void reportsAtMostTenProblems() {
            Map<String, Object> many = Map.of("type", "object", "properties", Map.of("values",
                    Map.of("type", "array", "items", Map.of("type", "string"))));
            assertThat(validator.problems(many, Map.of("values", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))))
                    .hasSize(ArgumentValidator.MAX_PROBLEMS);
        }
    }

    /** Shapes of real MCP servers' tool schemas: Pydantic (Python SDK, FastMCP) and zod (TypeScript SDK). */
    @Nested
    class SchemasAsMcpServersSendThem {

        /** A Pydantic model with a nested model, an enum and an optional field: $defs, $ref, anyOf with null. */
        private final Map<String, Object> pydantic = schema("""
                {"$defs": {
                   "Cabin": {"enum": ["economy", "business"], "title": "Cabin", "type": "string"},
                   "Passenger": {"properties": {"name": {"title": "Name", "type": "string"},
                                                "age": {"anyOf": [{"minimum": 0, "type": "integer"}, {"type": "null"}],
                                                        "default": null, "title": "Age"}},
                                 "required": ["name"], "title": "Passenger", "type": "object"}},
                 "properties": {"destination": {"title": "Destination", "type": "string", "pattern": "^[A-Z]{3}$"},
                                "cabin": {"$ref": "#/$defs/Cabin", "default": "economy"},
                                "passengers": {"items": {"$ref": "#/$defs/Passenger"}, "minItems": 1,
                                               "title": "Passengers", "type": "array"}},
                 "required": ["destination", "passengers"], "title": "book_flightArguments", "type": "object"}""");

        /** A zod discriminated union: oneOf objects told apart by a const, additionalProperties false, $schema. */
        private final Map<String, Object> zod = schema("""
                {"type": "object",
                 "properties": {"shape": {"oneOf": [
                     {"type": "object", "properties": {"kind": {"type": "string", "const": "circle"},
                                                       "radius": {"type": "number", "exclusiveMinimum": 0}},
                      "required": ["kind", "radius"], "additionalProperties": false},
                     {"type": "object", "properties": {"kind": {"type": "string", "const": "square"},
                                                       "side": {"type": "number", "exclusiveMinimum": 0}},
                      "required": ["kind", "side"], "additionalProperties": false}]},
                   "label": {"anyOf": [{"type": "string", "maxLength": 20}, {"type": "number"}]}},
                 "required": ["shape"], "additionalProperties": false,
                 "$schema": "http://json-schema.org/draft-07/schema#"}""");

        @Test
        void acceptsArgumentsThatFollowLocalReferencesAndOptionalFields() {
            Map<String, Object> withoutAge = new java.util.HashMap<>(Map.of("name", "Tom"));
            withoutAge.put("age", null);
            assertThat(validator.problems(pydantic, Map.of("destination", "LIS", "cabin", "business", "passengers",
                    List.of(Map.of("name", "Ada", "age", 36), withoutAge)))).isEmpty();
        }

        @Test
        void namesTheFieldBehindALocalReference() {
            assertThat(validator.problems(pydantic, Map.of("destination", "Lisbon", "cabin", "first", "passengers",
                    List.of(Map.of("age", -1)))))
                    .contains("arguments.destination: does not match the regex pattern ^[A-Z]{3}$",
                            "arguments.cabin: does not have a value in the enumeration [\"economy\", \"business\"]",
                            "arguments.passengers[0].name is required",
                            "arguments.passengers[0].age: must have a minimum value of 0");
        }

        @Test
        void acceptsExactlyOneBranchOfAOneOf() {
            assertThat(validator.problems(zod, Map.of("shape", Map.of("kind", "circle", "radius", 2)))).isEmpty();
            assertThat(validator.problems(zod, Map.of("shape", Map.of("kind", "square", "side", 3), "label", 7)))
                    .isEmpty();
        }

        @Test
        void refusesArgumentsThatFitNoBranchOfAOneOfOrAnAnyOf() {
            assertThat(validator.problems(zod, Map.of("shape", Map.of("kind", "circle", "side", 3))))
                    .contains("arguments.shape: must be valid to one and only one schema, but 0 are valid");
            assertThat(validator.problems(zod, Map.of("shape", Map.of("kind", "circle", "radius", 1), "label",
                    "a label that is far too long"))).containsExactlyInAnyOrder(
                            "arguments.label: must be at most 20 characters long",
                            "arguments.label must be a number, but was a string");
        }

        @Test
        void matchesPatternsInLinearTime() {
            // given: a pattern that backtracks exponentially in java.util.regex, and a text made to trigger it
            Map<String, Object> catastrophic = schema("""
                    {"type": "object", "properties": {"text": {"type": "string", "pattern": "^(a+)+$"}}}""");

            // when / then: RE2/J answers at once (a backtracking matcher would take longer than the test timeout)
            assertThat(validator.problems(catastrophic, Map.of("text", "a".repeat(5_000) + "!")))
                    .containsExactly("arguments.text: does not match the regex pattern ^(a+)+$");
        }
    }

    /** A hostile server's schema must not make Janus request a URL. */
    @Nested
    class RemoteReferences {

        private HttpServer server;
        private final ConcurrentLinkedQueue<String> requested = new ConcurrentLinkedQueue<>();

        @BeforeEach
        void startRecordingServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requested.add(exchange.getRequestURI().toString());
                byte[] body = "{\"type\": \"string\"}".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        @AfterEach
        void stopRecordingServer() {
            server.stop(0);
        }

        private String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Test
        void refusesTheCallAndFetchesNothingForAReferenceToAnotherDocument() {
            // given
            Map<String, Object> hostile = schema("""
                    {"type": "object", "properties": {"query": {"$ref": "%s"}}}""".formatted(url("/evil.json")));

            // when
            List<String> problems = validator.problems(hostile, Map.of("query", "anything"));

            // then
            assertThat(problems).singleElement().asString()
                    .startsWith("the tool's schema cannot be applied, so the call is refused")
                    .contains(url("/evil.json"));
            assertThat(requested).isEmpty();
        }

        @Test
        void fetchesNothingForAReferenceRelativeToARemoteId() {
            // given: the document's $id makes a relative reference remote
            Map<String, Object> hostile = schema("""
                    {"$id": "%s", "type": "object", "properties": {"query": {"$ref": "other.json"}}}"""
                    .formatted(url("/schemas/tool.json")));

            // when
            List<String> problems = validator.problems(hostile, Map.of("query", "anything"));

            // then
            assertThat(problems).singleElement().asString().contains("cannot be applied");
            assertThat(requested).isEmpty();
        }

        @Test
        void fetchesNothingForAMetaSchemaReference() {
            // given: $schema names a draft the validator ships; its meta-schema is not fetched either
            Map<String, Object> drafted = schema("""
                    {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                     "properties": {"n": {"type": "integer"}}}""");

            // when / then
            assertThat(validator.problems(drafted, Map.of("n", "x")))
                    .containsExactly("arguments.n must be an integer, but was a string");
            assertThat(requested).isEmpty();
        }
    }
}
