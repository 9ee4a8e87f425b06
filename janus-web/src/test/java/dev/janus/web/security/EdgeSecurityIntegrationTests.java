package dev.janus.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.testkit.RawHttp;
import dev.janus.web.WebAutoConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeSecurityIntegrationTests {

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
            "janus.security.rate-limit.requests-per-second=1", "janus.security.rate-limit.burst=40",
            "janus.security.allowed-origins=https://*.example.com",
            // a CI runner in a Kubernetes pod would otherwise take addresses from X-Forwarded-For
            "spring.main.cloud-platform=none" })
    class WithKeys {

        @LocalServerPort
        int port;

        @Test
        void aRequestWithoutAKeyIsToldHowToAuthenticate() throws Exception {
            RawHttp.Response response = get("/api/v1/whoami", null);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().get("www-authenticate")).contains("Bearer");
            assertThat(response.body()).contains("\"code\":\"unauthenticated\"").contains("Authorization: Bearer");
        }

        @Test
        void anUnknownKeyIsRefused() throws Exception {
            RawHttp.Response response = get("/api/v1/whoami", "not-a-key-of-anyone");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).contains("invalid_api_key");
        }

        @Test
        void aKnownKeyMakesTheRequestItsPrincipals() throws Exception {
            RawHttp.Response response = get("/api/v1/whoami", ADA_KEY);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ada");
            assertThat(get("/api/v1/me", ADA_KEY).body()).isEqualTo(
                    "{\"principal\":\"ada\",\"user_id\":\"ada\",\"roles\":[\"user\"],\"secured\":true}");
        }

        @Test
        void aKeysStoredHashIsNotAKey() throws Exception {
            // the configured hash of OPS_KEY, the hash of a key configured in clear, and an issued key's hash
            String issued = RawHttp.send(port, "POST", "/api/v1/admin/api-keys",
                    Map.of("Authorization", "Bearer " + OPS_KEY), "{\"principal\":\"hashed\"}").body()
                    .replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
            for (String key : new String[] { OPS_KEY, ADA_KEY, issued }) {
                assertThat(get("/api/v1/whoami", key).status()).isEqualTo(200);
                String hash = "{sha256}" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(key.getBytes(StandardCharsets.UTF_8)));
                assertThat(get("/api/v1/whoami", hash).status()).as(hash).isEqualTo(401);
                assertThat(get("/api/v1/whoami", hash.toUpperCase(Locale.ROOT)).status()).isEqualTo(401);
            }
        }

        @Test
        void theAdminEndpointsNeedTheAdminRole() throws Exception {
            assertThat(get("/api/v1/admin/api-keys", ADA_KEY).status()).isEqualTo(403);
            assertThat(get("/api/v1/admin/api-keys", ADA_KEY).body()).contains("\"code\":\"forbidden\"");
            assertThat(get("/api/v1/admin/api-keys", OPS_KEY).status()).isEqualTo(200);
            assertThat(get("/actuator/env", ADA_KEY).status()).isEqualTo(403);
        }

        @ParameterizedTest
        @ValueSource(strings = { "/api;/v1/admin/api-keys", "/api/v1/admin;x=1/api-keys", "/api/v1/%2e%2e/v1/admin/api-keys",
                "/api/v1/../v1/admin/api-keys", "/api//v1/admin/api-keys", "/api/v1/admin%2Fapi-keys",
                "/api/v1/admin%5Capi-keys", "/api/v1/admin/api-keys%25", "/api/v1/./admin/api-keys",
                "/api/v1/%2E/admin/api-keys" })
        void anAmbiguousPathIsRefusedBeforeAnyHandlerEvenWithoutAKey(String path) throws Exception {
            RawHttp.Response minted = RawHttp.send(port, "POST", path, Map.of(),
                    "{\"principal\":\"evil\",\"roles\":[\"admin\"]}");
            assertThat(minted.status()).isEqualTo(400);
            assertThat(minted.body()).doesNotContain("api_key");
            assertThat(get("/api/v1/admin/api-keys", OPS_KEY).body()).doesNotContain("evil");
        }

        @Test
        void thePathIsJudgedAsTheRouterSeesItDecoded() throws Exception {
            // /%61pi/... is /api/...: admin-only, whoever asks, and never served to a user
            assertThat(RawHttp.send(port, "POST", "/%61pi/v1/admin/api-keys", Map.of(),
                    "{\"principal\":\"evil\",\"roles\":[\"admin\"]}").status()).isEqualTo(401);
            assertThat(get("/api/v1/%61dmin/api-keys", ADA_KEY).status()).isEqualTo(403);
            assertThat(get("/%61pi/v1/whoami", ADA_KEY).body()).isEqualTo("ada");
            // other spellings are other paths: authenticated callers find nothing there
            assertThat(get("/API/v1/admin/api-keys", null).status()).isEqualTo(401);
            assertThat(get("/API/v1/admin/api-keys", ADA_KEY).status()).isEqualTo(404);
            assertThat(get("/api/v1/admin/api-keys/", ADA_KEY).status()).isEqualTo(403);
        }

        @Test
        void unknownPathsNeedAKey() throws Exception {
            assertThat(get("/not-an-api", null).status()).isEqualTo(401);
            assertThat(get("/not-an-api", ADA_KEY).status()).isEqualTo(404);
        }

        @Test
        void responsesCarryTheSecurityHeaders() throws Exception {
            RawHttp.Response response = get("/api/v1/whoami", ADA_KEY);
            assertThat(response.headers().get("content-security-policy")).contains("default-src 'self'")
                    .contains("frame-ancestors 'none'");
            assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
            assertThat(response.headers().get("x-frame-options")).isEqualTo("DENY");
            assertThat(response.headers()).doesNotContainKey("set-cookie");
        }

        @Test
        void anAdminIssuesAKeyThatWorksAndRevokesIt() throws Exception {
            RawHttp.Response issued = RawHttp.send(port, "POST", "/api/v1/admin/api-keys",
                    Map.of("Authorization", "Bearer " + OPS_KEY), "{\"principal\":\"bob\",\"roles\":[\"user\"]}");
            assertThat(issued.status()).isEqualTo(201);
            String key = issued.body().replaceAll(".*\"api_key\":\"([^\"]+)\".*", "$1");
            assertThat(get("/api/v1/whoami", key).body()).isEqualTo("bob");
            assertThat(get("/api/v1/admin/api-keys", OPS_KEY).body()).contains("\"principal\":\"bob\"")
                    .contains("\"source\":\"issued\"").doesNotContain(key);

            RawHttp.Response revoked = RawHttp.send(port, "DELETE", "/api/v1/admin/api-keys/bob",
                    Map.of("Authorization", "Bearer " + OPS_KEY), null);
            assertThat(revoked.status()).isEqualTo(204);
            assertThat(get("/api/v1/whoami", key).status()).isEqualTo(401);
        }

        @Test
        void aPrincipalOverItsRateIsToldWhenToRetry() throws Exception {
            RawHttp.Response response = null;
            for (int i = 0; i < 60 && (response == null || response.status() != 429); i++) {
                // a principal of its own, so other tests do not use up its bucket
                response = get("/api/v1/whoami", HASTY_KEY);
            }
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.headers()).containsKey("retry-after");
            assertThat(response.body()).contains("rate_limited");
        }

        @Test
        void loopbackCallersAreNeverRefusedForUnknownKeys() throws Exception {
            for (int i = 0; i < 30; i++) {
                assertThat(get("/api/v1/whoami", "guess-" + i + "-0123456789abcdef").status()).isEqualTo(401);
            }
            assertThat(get("/api/v1/whoami", ADA_KEY).body()).isEqualTo("ada");
        }

        @Test
        void aStateChangingRequestFromAnAllowedOriginIsServedAndFromAnyOtherRefused() throws Exception {
            assertThat(RawHttp.send(port, "POST", "/api/v1/poke", Map.of("Authorization", "Bearer " + ADA_KEY,
                    "Origin", "https://app.example.com"), null).status()).isEqualTo(200);

            RawHttp.Response foreign = RawHttp.send(port, "POST", "/api/v1/poke", Map.of("Authorization",
                    "Bearer " + ADA_KEY, "Origin", "https://example.com.evil.test"), null);
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.body()).contains("\"code\":\"foreign_origin\"");
        }

        RawHttp.Response get(String path, String key) throws Exception {
            return RawHttp.send(port, "GET", path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key),
                    null);
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "server.address=127.0.0.1", "janus.security.api-keys[0].principal=ada",
            "janus.security.api-keys[0].key=" + ADA_KEY,
            // behind a proxy, as behind an ingress: the client's address is the one X-Forwarded-For names
            "server.forward-headers-strategy=native", "janus.security.failed-keys.burst=3",
            "janus.security.failed-keys.per-minute=1" })
    class BehindAProxy {

        @LocalServerPort
        int port;

        @Test
        void anAddressThatPresentedTooManyUnknownKeysIsRefusedEvenTheRightOne() throws Exception {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response guess = getFrom("203.0.113.7", "/api/v1/whoami", "guess-" + i + "-0123456789abcdef");
                assertThat(guess.status()).isEqualTo(401);
            }
            RawHttp.Response refused = getFrom("203.0.113.7", "/api/v1/whoami", ADA_KEY);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Integer.parseInt(refused.headers().get("retry-after"))).isBetween(50, 60); // 1 a minute
            assertThat(refused.body()).contains("\"code\":\"too_many_invalid_keys\"")
                    .contains("janus.security.failed-keys").doesNotContain("ada");
            assertThat(getFrom("203.0.113.8", "/api/v1/whoami", ADA_KEY).body()).isEqualTo("ada");
            // no key presented: nothing to refuse, the rules decide
            assertThat(getFrom("203.0.113.7", "/api/v1/whoami", null).status()).isEqualTo(401);
        }

        @Test
        void aLoopbackClientNamedByTheHeaderIsThrottledAsAnyOther() throws Exception {
            // anyone can write X-Forwarded-For: 127.0.0.1; behind a proxy it exempts nobody
            for (int i = 0; i < 3; i++) {
                getFrom("127.0.0.1", "/api/v1/whoami", "guess-" + i + "-0123456789abcdef");
            }
            assertThat(getFrom("127.0.0.1", "/api/v1/whoami", ADA_KEY).status()).isEqualTo(429);
        }

        RawHttp.Response getFrom(String client, String path, String key) throws Exception {
            Map<String, String> headers = new HashMap<>(Map.of("X-Forwarded-For", client));
            if (key != null) {
                headers.put("Authorization", "Bearer " + key);
            }
            return RawHttp.send(port, "GET", path, headers, null);
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "server.address=127.0.0.1", "janus.security.local-user=ada" })
    class WithoutKeys {

        @LocalServerPort
        int port;

        @Test
        void loopbackCallersAreTheLocalUserAndAnAdmin() throws Exception {
            assertThat(RawHttp.send(port, "GET", "/api/v1/whoami", Map.of(), null).body()).isEqualTo("ada");
            assertThat(RawHttp.send(port, "GET", "/api/v1/me", Map.of(), null).body()).isEqualTo(
                    "{\"principal\":\"ada\",\"user_id\":\"ada\",\"roles\":[\"user\",\"admin\"],\"secured\":false}");
        }

        @ParameterizedTest
        @ValueSource(strings = { "localhost", "localhost.", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "app.localhost" })
        void aLoopbackHostIsServed(String host) throws Exception {
            assertThat(RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", host + ":" + port), null).status())
                    .isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = { "evil.example", "evil.example:80", "127.0.0.1.evil.example", "10.0.0.1", "0.0.0.0",
                "2130706433" })
        void aForeignHostIsRefusedAsDnsRebindingWouldSendIt(String host) throws Exception {
            RawHttp.Response response = RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", host), null);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body()).contains("host_not_allowed");
            assertThat(RawHttp.send(port, "GET", "/", Map.of("Host", host), null).status()).isEqualTo(403);
        }

        @ParameterizedTest
        @ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
        void aStateChangingRequestFromAForeignPageIsRefusedBeforeAnyHandler(String method) throws Exception {
            // given
            int before = Poke.count.get();

            // when a hostile page in the local user's browser posts to localhost (a body-less POST needs no preflight)
            RawHttp.Response fromOrigin = RawHttp.send(port, method, "/api/v1/poke",
                    Map.of("Host", "localhost:" + port, "Origin", "https://evil.example"), null);
            RawHttp.Response fromOpaqueOrigin = RawHttp.send(port, method, "/api/v1/poke",
                    Map.of("Host", "localhost:" + port, "Origin", "null"), null);
            RawHttp.Response fromReferer = RawHttp.send(port, method, "/api/v1/poke",
                    Map.of("Host", "localhost:" + port, "Referer", "https://evil.example/page.html"), null);
            RawHttp.Response fromOtherPort = RawHttp.send(port, method, "/api/v1/poke",
                    Map.of("Host", "localhost:" + port, "Origin", "http://localhost:" + (port + 1)), null);

            // then
            for (RawHttp.Response response : List.of(fromOrigin, fromOpaqueOrigin, fromReferer, fromOtherPort)) {
                assertThat(response.status()).isEqualTo(403);
                assertThat(response.headers().get("content-type")).startsWith("application/json");
                assertThat(response.body()).startsWith("{\"error\":{\"code\":\"foreign_origin\"")
                        .contains("janus.security.allowed-origins");
            }
            assertThat(Poke.count.get()).isEqualTo(before);
        }

        @Test
        void aReadFromAnotherOriginIsRefusedUnlessItFollowsALinkToThePage() throws Exception {
            // a hostile page's no-cors fetch: the browser says cross-site and sends no Origin
            RawHttp.Response foreign = RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", "localhost:" + port,
                    "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors"), null);
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.body()).startsWith("{\"error\":{\"code\":\"foreign_origin\"")
                    .contains("janus.security.allowed-origins");
            RawHttp.Response navigatedToTheApi = RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host",
                    "localhost:" + port, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"), null);
            assertThat(navigatedToTheApi.status()).isEqualTo(403);
            // another port of localhost is the same site, not the same origin
            RawHttp.Response otherPort = RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", "localhost:" + port,
                    "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "cors", "Origin", "http://localhost:" + (port + 1)),
                    null);
            assertThat(otherPort.status()).isEqualTo(403);

            // the own page, a link followed to the page, and clients that are not browsers are served
            assertThat(RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", "localhost:" + port,
                    "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors"), null).status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/", Map.of("Host", "localhost:" + port, "Sec-Fetch-Site",
                    "cross-site", "Sec-Fetch-Mode", "navigate"), null).status()).isNotEqualTo(403);
            assertThat(RawHttp.send(port, "GET", "/api/v1/whoami", Map.of("Host", "localhost:" + port), null).status())
                    .isEqualTo(200);
        }

        @Test
        void theOwnPageAndClientsThatAreNotBrowsersStillChangeState() throws Exception {
            // given
            int before = Poke.count.get();

            // when
            List<RawHttp.Response> responses = List.of(
                    RawHttp.send(port, "POST", "/api/v1/poke",
                            Map.of("Host", "localhost:" + port, "Origin", "http://localhost:" + port), null),
                    RawHttp.send(port, "DELETE", "/api/v1/poke",
                            Map.of("Host", "127.0.0.1:" + port, "Origin", "http://127.0.0.1:" + port), null),
                    RawHttp.send(port, "POST", "/api/v1/poke",
                            Map.of("Host", "localhost:" + port, "Referer", "http://localhost:" + port + "/"), null),
                    RawHttp.send(port, "POST", "/api/v1/poke",
                            Map.of("Host", "[::1]:" + port, "Origin", "http://[::1]:" + port), null),
                    RawHttp.send(port, "POST", "/api/v1/poke", Map.of(), null));

            // then
            assertThat(responses).extracting(RawHttp.Response::status).containsOnly(200);
            assertThat(Poke.count.get()).isEqualTo(before + 5);
        }

        @Test
        void readingFromAForeignPageIsLeftToTheBrowsersSameOriginPolicy() throws Exception {
            // a GET changes nothing; without CORS headers the foreign page cannot read the answer
            RawHttp.Response response = RawHttp.send(port, "GET", "/api/v1/whoami",
                    Map.of("Host", "localhost:" + port, "Origin", "https://evil.example"), null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).doesNotContainKey("access-control-allow-origin");
        }
    }

    @Test
    void aHandlerNeverServesARequestWithoutAPrincipal() {
        assertThatThrownBy(() -> JanusPrincipal.of(new MockHttpServletRequest()))
                .isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void aServiceWithoutKeysRefusesToListenBeyondLoopback() {
        assertThatThrownBy(() -> LoopbackGuard.check(SecurityProperties.defaults(), "0.0.0.0"))
                .hasMessageContaining("server.address is '0.0.0.0'");
        assertThatThrownBy(() -> LoopbackGuard.check(SecurityProperties.defaults(), null))
                .hasMessageContaining("unset (all interfaces)");
        LoopbackGuard.check(SecurityProperties.defaults(), "127.0.0.1");
        LoopbackGuard.check(SecurityProperties.defaults(), "::1");
        LoopbackGuard.check(SecurityProperties.defaults(), "localhost");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void refusingToListenBeyondLoopbackIsExplainedAtStartUpWithoutAStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class)
                .properties("server.address=0.0.0.0", "server.port=0").run())
                .hasRootCauseInstanceOf(UnsafeBindException.class);

        assertThat(output).contains("APPLICATION FAILED TO START").contains("server.address is '0.0.0.0'")
                .contains("janus.security.api-keys").contains("server.address=127.0.0.1")
                .doesNotContain("at dev.janus.web.security.LoopbackGuard");
    }

    @Test
    void aConfiguredKeyShorterThan16CharactersIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new SecurityProperties(List.of(
                new SecurityProperties.ConfiguredKey("ada", "short", null)), null, null, null, null, null))
                .hasMessage("janus.security.api-keys[0].key must be at least 16 characters or {sha256}<64 hex digits>, "
                        + "but was 5 characters");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ WebAutoConfiguration.class, WhoAmI.class, Poke.class })
    static class App {
    }

    @RestController
    static class WhoAmI {

        @GetMapping("/api/v1/whoami")
        String whoami(HttpServletRequest request) {
            return JanusPrincipal.of(request).name();
        }
    }

    /** A state-changing route that counts the requests it served. */
    @RestController
    static class Poke {

        static final AtomicInteger count = new AtomicInteger();

        @RequestMapping(path = "/api/v1/poke", method = { RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
                RequestMethod.DELETE })
        String poke() {
            count.incrementAndGet();
            return "poked";
        }
    }
}
