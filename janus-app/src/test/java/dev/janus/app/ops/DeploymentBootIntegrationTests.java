package dev.janus.app.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployment files booted, since no container engine runs here: each of the six services started in this JVM
 * with exactly the environment docker-compose.yml gives it (image {@code ENV}, {@code .env} — read from
 * {@code .env.example} —, the service's merged {@code environment}, every {@code ${...}} interpolated), and
 * likewise with the environment its Kubernetes ConfigMaps and the overlay's generated Secret give it; the
 * variables a deployer must fill in (empty in the {@code .example} files) are filled with generated values, and the
 * hosts the files name (the Redis service, the trace collector) replaced by local stand-ins. Each must start
 * (a setting that makes a service refuse to start fails here), be ready — Redis answering, every subscription
 * reading — and take the configured admin key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentBootIntegrationTests {

    static final List<String> MODULES = ServiceConfig.MODULES;
    /** A Redis database of this test's own, so tests that flush the shared one do not pull groups away. */
    private static final int DATABASE = 12;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> generated = new LinkedHashMap<>();
    private LocalStandIns standIns;

    @BeforeAll
    void standIns() {
        RedisEndpoint shared = RedisExtension.sharedEndpoint();
        RedisEndpoint redis = new RedisEndpoint(shared.url().replaceAll("/\\d+$", "") + "/" + DATABASE,
                shared.origin());
        redis.flush();
        standIns = new LocalStandIns(redis.url());
    }

    @AfterAll
    void stopStandIns() {
        standIns.close();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DockerCompose {

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DeploymentBootIntegrationTests#MODULES")
        void startsReadyWithTheEnvironmentComposeGivesIt(String module) throws Exception {
            // given
            Map<String, String> dotenv = EnvFile.read(ComposeEnvironment.ENV_EXAMPLE).filled(
                    DeploymentBootIntegrationTests.this::generate);
            Map<String, String> environment = new ComposeEnvironment(dotenv).of(ServiceConfig.of(module));

            // when, then
            bootsReadyAndTakesTheAdminKey(module, environment, generated.get("JANUS_ADMIN_KEY"));
        }

        @Test
        void refusesToStartWithoutAnAdminKeyAndSaysHowToMakeOne() {
            Map<String, String> unfilled = EnvFile.read(ComposeEnvironment.ENV_EXAMPLE).values();

            assertThat(unfilled).containsEntry("JANUS_ADMIN_KEY", "");
            assertThatThrownBy(() -> new ComposeEnvironment(unfilled).of(ServiceConfig.of("janus-input")))
                    .isInstanceOf(ComposeInterpolation.Refused.class)
                    .hasMessageContaining("JANUS_ADMIN_KEY")
                    .hasMessageContaining("openssl rand -hex 32")
                    .hasMessageContaining(".env.example > .env");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Kubernetes {

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DeploymentBootIntegrationTests#MODULES")
        void startsReadyWithTheEnvironmentItsConfigMapsAndSecretsGiveIt(String module) throws Exception {
            // given
            Map<String, String> environment = new KubernetesEnvironment(DeploymentBootIntegrationTests.this::generate)
                    .of(ServiceConfig.of(module));

            // when, then
            bootsReadyAndTakesTheAdminKey(module, environment, generated.get("JANUS_SECURITY_APIKEYS_0_KEY"));
        }
    }

    @Test
    void aServiceBeyondLoopbackWithoutItsKeyRefusesToStart() {
        // given: the Compose environment of a service without its admin key
        Map<String, String> dotenv = EnvFile.read(ComposeEnvironment.ENV_EXAMPLE).filled(this::generate);
        Map<String, String> environment = new LinkedHashMap<>(new ComposeEnvironment(dotenv)
                .of(ServiceConfig.of("janus-output")));
        environment.keySet().removeIf(name -> name.startsWith("JANUS_SECURITY_APIKEYS_"));

        // when, then: this test fails a deployment that would not start
        assertThatThrownBy(() -> DeployedService.start("janus-output", standIns.replaceHosts(environment)).close())
                .hasRootCauseMessage("No API keys are configured (janus.security.api-keys), so Janus may only listen "
                        + "on loopback, but server.address is '0.0.0.0'. Configure API keys, or set "
                        + "server.address=127.0.0.1.");
    }

    private void bootsReadyAndTakesTheAdminKey(String module, Map<String, String> environment, String adminKey)
            throws Exception {
        assertThat(adminKey).as("the generated admin key").isNotNull();
        assertThat(environment).containsEntry("JANUS_BIND_ADDRESS", "0.0.0.0")
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        try (ConfigurableApplicationContext service = DeployedService.start(module, standIns.replaceHosts(environment))) {
            String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> readiness = get(base + "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            assertThat(json.readTree(readiness.body()).path("status").asString()).isEqualTo("UP");

            assertThat(get(base + "/api/v1/me", null).statusCode()).isEqualTo(401);
            HttpResponse<String> me = get(base + "/api/v1/me", adminKey);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            JsonNode caller = json.readTree(me.body());
            assertThat(caller.path("principal").asString()).isEqualTo("admin");
            assertThat(caller.path("roles").toString()).contains("admin");

            HttpResponse<String> details = get(base + "/actuator/health/readiness", adminKey);
            assertThat(json.readTree(details.body()).at("/components/bus/details/redis").asString())
                    .as("an admin sees the readiness details").isEqualTo("PONG");
        }
    }

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A value for a variable the deployer must fill in: a new random key, as the README's command makes one. */
    private String generate(String variable) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        generated.put(variable, value);
        return value;
    }
}
