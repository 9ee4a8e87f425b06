package dev.janus.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * docker-compose.yml and ops/docker/Dockerfile, parsed and cross-checked against the code: every
 * service present, ports and environment variables matching the services' own configuration,
 * health checks on endpoints that exist, images named after their modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerComposeTests {

    static final List<String> MODULES = ServiceConfig.MODULES;

    private Map<String, Object> services;
    private SpringPropertyNames properties;

    @BeforeAll
    void readCompose() {
        services = map(RepositoryFiles.yaml("docker-compose.yml").get("services"));
        properties = new SpringPropertyNames();
    }

    @Test
    void runsRedisTheSixComponentsAndTheObservabilityStack() {
        assertThat(services).containsKeys("redis", "prometheus", "grafana", "jaeger");
        assertThat(services).containsKeys(MODULES.toArray(String[]::new));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EachComponent {

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void isBuiltFromItsOwnJarWithItsOwnPort(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> service = map(services.get(module));
            Map<String, Object> build = map(service.get("build"));

            assertThat(build.get("dockerfile")).isEqualTo("ops/docker/Dockerfile");
            assertThat(Files.exists(RepositoryFiles.path((String) build.get("dockerfile")))).isTrue();
            assertThat(map(build.get("args"))).containsEntry("MODULE", module)
                    .containsEntry("PORT", Integer.toString(config.port()));
            assertThat(service.get("image")).isEqualTo(ComposeImages.imageOf(module));
            assertThat(list(service.get("expose"))).containsExactly(Integer.toString(config.port()));
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void isHealthyWhenItsReadinessGroupIsUp(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> service = map(services.get(module));
            String check = String.join(" ", list(map(service.get("healthcheck")).get("test")));

            assertThat(check).contains("/dev/tcp/127.0.0.1/" + config.port() + " ")
                    .contains("GET /actuator/health/readiness ");
            // the readiness group exists only because the service enables the probes and exposes health
            assertThat(config.value("management.endpoint.health.probes.enabled")).isEqualTo(true);
            assertThat(String.valueOf(config.value("management.endpoints.web.exposure.include")))
                    .contains("health").contains("prometheus");
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void startsAfterRedisIsHealthyWithAMemoryLimit(String module) {
            Map<String, Object> service = map(services.get(module));

            assertThat(map(map(service.get("depends_on")).get("redis"))).containsEntry("condition", "service_healthy");
            assertThat(map(map(map(service.get("deploy")).get("resources")).get("limits"))).containsKey("memory");
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void setsOnlyVariablesThatBindToItsConfiguration(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, Object> environment = map(map(services.get(module)).get("environment"));

            assertThat(properties.size()).as("configuration metadata on the classpath").isGreaterThan(100);
            assertThat(environment).containsEntry("JANUS_BIND_ADDRESS", "0.0.0.0")
                    .containsEntry("REDIS_URL", "redis://redis:6379")
                    .containsEntry("MANAGEMENT_METRICS_TAGS_APPLICATION", module);
            assertThat(config.readsVariable("JANUS_BIND_ADDRESS")).isTrue();
            assertThat(config.readsVariable("REDIS_URL")).isTrue();
            for (String variable : environment.keySet()) {
                assertThat(config.readsVariable(variable) || properties.binds(variable))
                        .as("%s of %s binds to no property of the service (relaxed binding: join-timeout is "
                                + "JOINTIMEOUT or JOIN_TIMEOUT)", variable, module)
                        .isTrue();
                assertThat(ConfigurationOwnership.belongsTo(variable, config))
                        .as("%s configures another component than %s", variable, module).isTrue();
            }
        }
    }

    @Nested
    class TheEnvExample {

        private final EnvFile example = EnvFile.read(ComposeEnvironment.ENV_EXAMPLE);
        private final String compose = RepositoryFiles.read(ComposeEnvironment.COMPOSE_FILE);

        @Test
        void holdsNoSecretAndLeavesTheAdminKeyToTheDeployer() {
            assertThat(example.values()).as("every value is left empty").allSatisfy(
                    (name, value) -> assertThat(value).as(name).isEmpty());
            assertThat(example.required()).containsExactly("JANUS_ADMIN_KEY");
            assertThat(compose).contains("${JANUS_ADMIN_KEY:?");
            assertThat(RepositoryFiles.read(".gitignore")).containsPattern("(?m)^\\.env$");
        }

        @Test
        void listsTheLanguageModelSettingsCommentedOut() {
            assertThat(example.commentedOut()).contains("JANUS_LLM_PROVIDER", "SPRING_AI_OPENAI_BASE_URL",
                    "SPRING_AI_OPENAI_API_KEY", "SPRING_AI_OPENAI_CHAT_MODEL", "SPRING_AI_OLLAMA_BASE_URL",
                    "SPRING_AI_ANTHROPIC_API_KEY");
        }

        @Test
        void setsOnlyWhatTheComposeFileUsesOrAServiceBinds() {
            for (String name : example.values().keySet()) {
                assertThat(compose.contains("${" + name) || properties.binds(name))
                        .as("%s is neither used by docker-compose.yml nor bound by a service", name).isTrue();
            }
            for (String name : example.commentedOut()) {
                assertThat(properties.binds(name)).as("%s (commented out) binds to no property", name).isTrue();
            }
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void reachesEveryComponent(String module) {
            assertThat(ComposeEnvironment.envFiles(map(services.get(module)))).containsExactly(".env");
        }
    }

    @Test
    void keepsRedisDataInAnAppendOnlyFile() {
        Map<String, Object> redis = map(services.get("redis"));

        assertThat(String.join(" ", list(redis.get("command")))).contains("--appendonly yes");
        assertThat(list(redis.get("volumes"))).anyMatch(volume -> volume.endsWith(":/data"));
        assertThat(String.join(" ", list(map(redis.get("healthcheck")).get("test")))).contains("redis-cli ping");
    }

    @Test
    void capsRedisMemoryBelowItsContainerLimitAndNeverEvicts() {
        // given
        Map<String, Object> redis = map(services.get("redis"));
        long limit = composeBytes(String.valueOf(map(map(map(redis.get("deploy")).get("resources")).get("limits"))
                .get("memory")));

        // when Redis starts with the file's memory settings
        AppliedRedisMemory applied = AppliedRedisMemory.of(AppliedRedisMemory.memoryArguments(list(redis.get("command"))));

        // then it is capped, with room under the container's limit for the AOF rewrite, buffers and fragmentation
        assertThat(applied.policy()).isEqualTo("noeviction");
        assertThat(applied.maxMemoryBytes()).isPositive().isLessThanOrEqualTo(limit * 3 / 4);
    }

    /** A Compose memory size ({@code 1G}, {@code 512m}, binary units) in bytes. */
    private static long composeBytes(String size) {
        String unit = size.replaceAll("[0-9.]", "").toLowerCase(Locale.ROOT);
        long number = Long.parseLong(size.replaceAll("[^0-9]", ""));
        return switch (unit) {
            case "", "b" -> number;
            case "k", "kb" -> number << 10;
            case "m", "mb" -> number << 20;
            case "g", "gb" -> number << 30;
            default -> throw new IllegalArgumentException("unknown Compose memory unit in '" + size + "'");
        };
    }

    @Test
    void mountsThePrometheusAndGrafanaFilesOfOps() {
        List<String> prometheus = list(map(services.get("prometheus")).get("volumes"));
        List<String> grafana = list(map(services.get("grafana")).get("volumes"));

        assertThat(prometheus).contains("./ops/prometheus:/etc/prometheus:ro");
        assertThat(grafana).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./ops/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        for (String volume : List.of(prometheus.get(0), grafana.get(0), grafana.get(1))) {
            assertThat(Files.isDirectory(RepositoryFiles.path(volume.split(":")[0]))).as(volume).isTrue();
        }
        assertThat(String.join(" ", list(map(services.get("prometheus")).get("command"))))
                .contains("--config.file=/etc/prometheus/prometheus.yml");
    }

    @Test
    void sendsTracesToTheJaegerOtlpEndpoint() {
        Map<String, Object> jaeger = map(services.get("jaeger"));

        assertThat(map(jaeger.get("environment"))).containsEntry("COLLECTOR_OTLP_ENABLED", "true");
        assertThat(list(jaeger.get("expose"))).contains("4318");
        for (String module : MODULES) {
            assertThat(map(map(services.get(module)).get("environment")))
                    .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
        }
    }

    @Nested
    class TheDockerfile {

        private final String dockerfile = RepositoryFiles.read("ops/docker/Dockerfile");

        @Test
        void runsTheLayersOfTheExecJarAsANonRootUser() {
            assertThat(dockerfile).contains("COPY ${MODULE}/target/${MODULE}-${VERSION}-exec.jar application.jar")
                    .contains("java -Djarmode=tools -jar application.jar extract --layers --launcher")
                    .contains("org.springframework.boot.loader.launch.JarLauncher")
                    .contains("USER 10001:10001")
                    .contains("JANUS_BIND_ADDRESS=0.0.0.0");
            for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
                assertThat(dockerfile).contains("COPY --from=layers /build/extracted/" + layer + "/ ./");
            }
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.DockerComposeTests#MODULES")
        void findsTheJarEachModuleBuilds(String module) {
            String pom = RepositoryFiles.read(module + "/pom.xml");
            String version = RepositoryFiles.read("pom.xml").replaceAll("(?s).*?<artifactId>janus-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");

            assertThat(pom).contains("<classifier>exec</classifier>");
            assertThat(dockerfile).contains("ARG VERSION=" + version);
            assertThat(ComposeImages.imageOf(module)).endsWith(":" + version);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static List<String> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
