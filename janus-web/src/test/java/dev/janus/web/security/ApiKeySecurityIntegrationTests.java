package dev.janus.web.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.janus.web.WebAutoConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeySecurityIntegrationTests {

    static final String ADA_KEY = "ada-key-0123456789abcdef";
    static final String OPS_KEY = "ops-key-0123456789abcdef";
    static final String HASTY_KEY = "hasty-key-0123456789abcdef";

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "server.address=127.0.0.1", "janus.security.api-keys[0].principal=ada",
            "janus.security.api-keys[0].key=" + ADA_KEY,
            "janus.security.api-keys[1].principal=ops", "janus.security.api-keys[1].roles=admin,user",
            // the hash of OPS_KEY, so the configuration holds no secret
            "janus.security.api-keys[1].key={sha256}16ba548450ff7de021bf9a6c1f7d6774756c8909e3607c8132453af202bc64a9",
            "janus.security.api-keys[2].principal=hasty", "janus.security.api-keys[2].key=" + HASTY_KEY,
            "janus.security.rate-limit.requests-per-second=1", "janus.security.rate-limit.burst=5" })
    class WithKeys {

        @LocalServerPort
        int port;

        @Test
        void aRequestWithoutAKeyIsToldHowToAuthenticate() throws Exception {
            HttpResponse<String> response = get("/api/v1/whoami", null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(response.body()).contains("\"code\":\"unauthenticated\"").contains("Authorization: Bearer");
        }

        @Test
        void anUnknownKeyIsRefused() throws Exception {
            HttpResponse<String> response = get("/api/v1/whoami", "not-a-key-of-anyone");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("invalid_api_key");
        }

        @Test
        void aKnownKeyMakesTheRequestItsPrincipals() throws Exception {
            HttpResponse<String> response = get("/api/v1/whoami", ADA_KEY);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ada");
        }

        @Test
        void theAdminEndpointsNeedTheAdminRole() throws Exception {
            assertThat(get("/api/v1/admin/api-keys", ADA_KEY).statusCode()).isEqualTo(403);
        }

        @Test
        void thePageAndTheActuatorNeedNoKey() throws Exception {
            assertThat(get("/not-an-api", null).statusCode()).isEqualTo(404);
        }

        @Test
        void anAdminIssuesAKeyThatWorksAndRevokesIt() throws Exception {
            String ops = OPS_KEY;
            HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/v1/admin/api-keys"))
                    .header("Authorization", "Bearer " + ops).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"principal\":\"bob\",\"roles\":[\"user\"]}")).build());
            assertThat(issued.statusCode()).isEqualTo(201);
            String key = issued.body().replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
            assertThat(get("/api/v1/whoami", key).body()).isEqualTo("bob");
            assertThat(get("/api/v1/admin/api-keys", ops).body()).contains("\"principal\":\"bob\"")
                    .contains("\"source\":\"issued\"").doesNotContain(key);

            HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri("/api/v1/admin/api-keys/bob"))
                    .header("Authorization", "Bearer " + ops).DELETE().build());
            assertThat(revoked.statusCode()).isEqualTo(204);
            assertThat(get("/api/v1/whoami", key).statusCode()).isEqualTo(401);
        }

        @Test
        void aPrincipalOverItsRateIsToldWhenToRetry() throws Exception {
            int status = 0;
            HttpResponse<String> response = null;
            for (int i = 0; i < 10 && status != 429; i++) {
                // a principal of its own, so other tests do not use up its bucket
                response = get("/api/v1/whoami", HASTY_KEY);
                status = response.statusCode();
            }
            assertThat(status).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("rate_limited");
        }

        HttpResponse<String> get(String path, String key) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return send(request.build());
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "server.address=127.0.0.1")
    class WithoutKeys {

        @LocalServerPort
        int port;

        @Test
        void loopbackCallersAreTheLocalPrincipal() throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/whoami")).GET().build());
            assertThat(response.body()).isEqualTo("local");
        }
    }

    @Test
    void aServiceWithoutKeysRefusesToListenBeyondLoopback() {
        assertThatThrownBy(() -> LoopbackGuard.check(SecurityProperties.defaults(), "0.0.0.0"))
                .hasMessageContaining("server.address is '0.0.0.0'");
        assertThatThrownBy(() -> LoopbackGuard.check(SecurityProperties.defaults(), null))
                .hasMessageContaining("unset (all interfaces)");
        LoopbackGuard.check(SecurityProperties.defaults(), "127.0.0.1");
        LoopbackGuard.check(SecurityProperties.defaults(), "::1");
    }

    @Test
    void aConfiguredKeyShorterThan16CharactersIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new SecurityProperties(java.util.List.of(
                new SecurityProperties.ConfiguredKey("ada", "short", null)), null))
                .hasMessage("janus.security.api-keys[0].key must be at least 16 characters or {sha256}<64 hex digits>, "
                        + "but was 5 characters");
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ WebAutoConfiguration.class, WhoAmI.class })
    static class App {
    }

    @RestController
    static class WhoAmI {

        @GetMapping("/api/v1/whoami")
        String whoami(HttpServletRequest request) {
            return JanusPrincipal.of(request).name();
        }
    }
}
