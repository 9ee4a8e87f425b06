package dev.janus.web.errors;

import java.util.Map;

import dev.janus.testkit.RawHttp;
import dev.janus.web.WebAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error a request can get, wherever it is found (Tomcat, the firewall, Spring MVC, a controller), is the
 * documented body {@code {"error":{"code","message"}}} with a message that names no Java type or method.
 */
class ErrorBodyIntegrationTests {

    static final String OPS_KEY = "ops-key-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "server.address=127.0.0.1", "janus.security.api-keys[0].principal=ops",
            "janus.security.api-keys[0].roles=admin,user", "janus.security.api-keys[0].key=" + OPS_KEY })
    class WithKeys {

        @LocalServerPort
        int port;

        @Test
        void whatSpringMvcRefusesIsTheDocumentedBodyWithAFix() throws Exception {
            // when
            RawHttp.Response plainText = send("POST", "/api/v1/admin/api-keys", Map.of("Content-Type", "text/plain"), "x");
            RawHttp.Response unknown = send("GET", "/not-an-api", Map.of(), null);
            RawHttp.Response upperCase = send("GET", "/API/v1/admin/api-keys", Map.of("Accept", "text/html"), null);
            RawHttp.Response put = send("PUT", "/api/v1/admin/api-keys", Map.of(), null);
            RawHttp.Response trace = send("TRACE", "/api/v1/admin/api-keys", Map.of("Accept", "text/html"), null);
            RawHttp.Response badLimit = send("GET", "/api/v1/admin/dlq?limit=abc", Map.of(), null);

            // then
            assertError(plainText, 415, "unsupported_media_type").contains("application/json").contains("text/plain");
            assertError(unknown, 404, "not_found").contains("/not-an-api");
            assertError(upperCase, 404, "not_found").contains("case-sensitive");
            assertError(put, 405, "method_not_allowed").contains("use GET or POST");
            assertThat(put.headers().get("allow")).isEqualTo("GET, POST");
            assertError(trace, 405, "method_not_allowed").contains("TRACE");
            assertError(badLimit, 400, "invalid_parameter")
                    .isEqualTo("limit must be a whole number from 1 to 1000, but was 'abc'");
        }

        @Test
        void anUnreadableBodyIsExplainedByItsFieldsNotByJavaTypes() throws Exception {
            // when
            RawHttp.Response missing = send("POST", "/api/v1/admin/api-keys", Map.of("Content-Type",
                    "application/json"), "");
            RawHttp.Response array = send("POST", "/api/v1/admin/api-keys", Map.of(), "{\"principal\":[\"a\"]}");
            RawHttp.Response number = send("POST", "/api/v1/admin/api-keys", Map.of(), "{\"principal\":5}");
            RawHttp.Response notJson = send("POST", "/api/v1/admin/api-keys", Map.of(), "{bad");

            // then
            assertError(missing, 400, "invalid_body")
                    .isEqualTo("the request needs a JSON body like {\"principal\":…,\"roles\":…}");
            assertError(array, 400, "invalid_field").startsWith("principal must be a string");
            assertError(number, 400, "invalid_field").startsWith("principal must be a string");
            assertError(notJson, 400, "invalid_json").startsWith("the request body must be a JSON object");
            assertThat(send("GET", "/api/v1/admin/api-keys", Map.of(), null).body()).doesNotContain("\"5\"");
        }

        @ParameterizedTest
        @ValueSource(strings = { "/api/v1/admin%2Fapi-keys", "/api/v1/admin%2fapi-keys", "/api/v1/admin\\api-keys",
                "/api/v1/admin%5Capi-keys", "/api/v1/admin%00api-keys" })
        void aPathTomcatRefusesIsInvalidPathInJson(String path) throws Exception {
            assertError(send("GET", path, Map.of(), null), 400, "invalid_path").contains("send the plain path");
        }

        @Test
        void aBadHostAndOversizedRequestsAreJsonToo() throws Exception {
            // when
            RawHttp.Response host = send("GET", "/api/v1/admin/api-keys", Map.of("Host", "localhost:1@evil.com"), null);
            RawHttp.Response longUrl = send("GET", "/api/v1/admin/api-keys?x=" + "a".repeat(9_000), Map.of(), null);
            RawHttp.Response bigHeader = send("GET", "/api/v1/admin/api-keys", Map.of("X-Big", "a".repeat(9_000)),
                    null);

            // then
            assertError(host, 400, "invalid_request").contains("Host");
            assertError(longUrl, 400, "request_too_large").contains("server.max-http-request-header-size");
            assertError(bigHeader, 400, "request_too_large");
        }

        @Test
        void aKeyWithCharactersNoKeyHasIsUnauthenticatedNotAnAmbiguousPath() throws Exception {
            // the UTF-8 bytes of "ключ", sent as they are (C1 control characters once read as ISO-8859-1)
            RawHttp.Response response = RawHttp.send(port, "GET", "/api/v1/admin/api-keys",
                    Map.of("Authorization", "Bearer \u00d0\u00ba\u00d0\u00bb\u00d1\u008e\u00d1\u0087"), null);

            assertError(response, 401, "invalid_api_key").contains("Authorization");
            assertThat(response.headers().get("www-authenticate")).contains("invalid_token");
        }

        @Test
        void anotherHeaderWithControlCharactersIsAnInvalidHeaderNotAnAmbiguousPath() throws Exception {
            // the firewall checks a header when it is read: Origin is, on every state-changing request
            RawHttp.Response response = send("POST", "/api/v1/admin/api-keys", Map.of("Origin", "https://a\u0085b"),
                    "{\"principal\":\"carol\"}");
            assertError(response, 400, "invalid_header").contains("printable ASCII");
        }

        @Test
        void listedKeysAreSnakeCase() throws Exception {
            // given
            send("POST", "/api/v1/admin/api-keys", Map.of(), "{\"principal\":\"bob\"}");

            // when
            JsonNode keys = JSON.readTree(send("GET", "/api/v1/admin/api-keys", Map.of(), null).body()).get("api_keys");

            // then
            for (JsonNode key : keys) {
                assertThat(key.propertyNames()).allMatch(name -> name.matches("[a-z_]+"));
            }
            assertThat(keys.findValuesAsString("issued_at")).hasSize(1);
        }

        RawHttp.Response send(String method, String path, Map<String, String> headers, String body) throws Exception {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.putIfAbsent("Authorization", "Bearer " + OPS_KEY);
            return RawHttp.send(port, method, path, all, body);
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "server.address=127.0.0.1")
    class WithoutKeys {

        @LocalServerPort
        int port;

        @Test
        void aKeyIsNotIssuedWhenKeysAreOff() throws Exception {
            // when
            RawHttp.Response issued = RawHttp.send(port, "POST", "/api/v1/admin/api-keys", Map.of(),
                    "{\"principal\":\"bob\"}");

            // then
            assertError(issued, 409, "api_keys_disabled").contains("janus.security.api-keys");
            assertThat(RawHttp.send(port, "GET", "/api/v1/admin/api-keys", Map.of(), null).body())
                    .doesNotContain("bob");
        }
    }

    static org.assertj.core.api.AbstractStringAssert<?> assertError(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo(code);
        String message = error.get("message").stringValue();
        assertThat(message).doesNotContain("java.", "dev.janus", "Exception", "<html");
        return assertThat(message);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WebAutoConfiguration.class)
    static class App {
    }
}
