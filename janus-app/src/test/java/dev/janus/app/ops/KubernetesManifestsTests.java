package dev.janus.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.janus.events.EventType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * k8s/: every manifest of the kustomize base and the example overlay read strictly into Kubernetes
 * model classes (a misspelt field fails), then cross-checked against the services' configuration:
 * ports, probe endpoints, environment variables, image names, autoscaling targets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTests {

    static final List<String> MODULES = ServiceConfig.MODULES;
    private static final String BASE = "k8s/base";
    private static final String OVERLAY = "k8s/overlays/example";

    private final Map<String, HasMetadata> resources = new HashMap<>();
    private final Map<String, KedaScaledObject> scaledObjects = new HashMap<>();
    private Kustomization base;
    private SpringPropertyNames properties;

    @BeforeAll
    void readTheBase() {
        base = StrictManifests.record(BASE + "/kustomization.yaml", Kustomization.class);
        for (String file : base.resourcesOrEmpty()) {
            String path = BASE + "/" + file;
            if (StrictManifests.kindOf(path).equals("keda.sh/v1alpha1/ScaledObject")) {
                KedaScaledObject scaled = StrictManifests.record(path, KedaScaledObject.class);
                scaledObjects.put(scaled.metadata().name(), scaled);
            }
            else {
                HasMetadata resource = StrictManifests.resource(path);
                resources.put(resource.getKind() + "/" + resource.getMetadata().getName(), resource);
            }
        }
        properties = new SpringPropertyNames();
    }

    @Test
    void listsEveryManifestInAKustomization() {
        List<String> listed = new ArrayList<>();
        base.resourcesOrEmpty().forEach(file -> listed.add(BASE + "/" + file));
        listed.add(BASE + "/kustomization.yaml");
        Kustomization overlay = StrictManifests.record(OVERLAY + "/kustomization.yaml", Kustomization.class);
        listed.add(OVERLAY + "/kustomization.yaml");
        overlay.patches().forEach(patch -> listed.add(OVERLAY + "/" + patch.path()));
        overlay.resources().stream().filter(file -> !file.equals("../../base"))
                .forEach(file -> listed.add(OVERLAY + "/" + file));
        // a generator's env file holds secrets and is not committed; its .example is
        overlay.secretGeneratorOrEmpty().forEach(generator -> generator.envs()
                .forEach(envs -> listed.add(OVERLAY + "/" + envs + ".example")));

        assertThat(RepositoryFiles.filesUnder("k8s")).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(overlay.resources()).containsExactly("../../base", "ingress.yaml");
    }

    @Test
    void rejectsAMisspeltField() throws Exception {
        // given: a copy of a real manifest with one field misspelt, inside the repository so the reader finds it
        String original = RepositoryFiles.read(BASE + "/janus-memory/deployment.yaml");
        Path copy = Files.createTempFile(RepositoryFiles.path("janus-app/target"), "misspelt", ".yaml");
        try {
            Files.writeString(copy, original.replace("readinessProbe:", "readinesProbe:"));
            String relative = RepositoryFiles.root().relativize(copy).toString();

            // when / then
            assertThatThrownBy(() -> StrictManifests.resource(relative)).hasMessageContaining("readinesProbe");
        }
        finally {
            Files.deleteIfExists(copy);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EachComponent {

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void runsItsImageOnItsPortWithProbesOnTheActuatorGroups(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Deployment deployment = (Deployment) resources.get("Deployment/" + module);
            assertThat(deployment).as("Deployment " + module).isNotNull();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

            assertThat(container.getImage()).isEqualTo(ComposeImages.imageOf(module));
            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getContainerPort()).isEqualTo(config.port());
                assertThat(port.getName()).isEqualTo("http");
            });
            assertThat(probe(container.getLivenessProbe().getHttpGet())).isEqualTo("http /actuator/health/liveness");
            assertThat(probe(container.getStartupProbe().getHttpGet())).isEqualTo("http /actuator/health/liveness");
            assertThat(probe(container.getReadinessProbe().getHttpGet())).isEqualTo("http /actuator/health/readiness");
            assertThat(config.value("management.endpoint.health.probes.enabled")).isEqualTo(true);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", Integer.toString(config.port()));
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void declaresResourcesAndRunsAsNonRoot(String module) {
            Deployment deployment = (Deployment) resources.get("Deployment/" + module);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void isReachedThroughAServiceOnItsPort(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Service service = (Service) resources.get("Service/" + module);
            Deployment deployment = (Deployment) resources.get("Deployment/" + module);

            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(config.port());
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(service.getSpec().getSelector());
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void keepsOnePodThroughDisruptions(String module) {
            PodDisruptionBudget budget = (PodDisruptionBudget) resources.get("PodDisruptionBudget/" + module);
            Deployment deployment = (Deployment) resources.get("Deployment/" + module);

            assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(deployment.getSpec().getReplicas()).isGreaterThan(1);
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void readsOnlyVariablesThatBindToItsConfiguration(String module) {
            ServiceConfig config = ServiceConfig.of(module);
            Map<String, String> environment = new KubernetesEnvironment(name -> "filled").fromManifests(config);

            assertThat(environment).containsEntry("JANUS_BIND_ADDRESS", "0.0.0.0")
                    .containsEntry("REDIS_URL", "redis://redis:6379")
                    .containsEntry("MANAGEMENT_METRICS_TAGS_APPLICATION", module)
                    .containsEntry("JANUS_SECURITY_APIKEYS_0_KEY", "filled")
                    .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
            for (String variable : environment.keySet()) {
                assertThat(config.readsVariable(variable) || properties.binds(variable))
                        .as("%s of %s binds to no property of the service", variable, module).isTrue();
                assertThat(ConfigurationOwnership.belongsTo(variable, config))
                        .as("%s configures another component than %s", variable, module).isTrue();
            }
        }
    }

    @Nested
    class Secrets {

        private final Kustomization overlay = StrictManifests.record(OVERLAY + "/kustomization.yaml",
                Kustomization.class);

        @Test
        void comeFromAnEnvFileOfTheOverlayWhoseCommittedExampleHoldsNoSecret() {
            assertThat(overlay.secretGeneratorOrEmpty()).singleElement().satisfies(generator -> {
                assertThat(generator.name()).isEqualTo("janus-secrets");
                assertThat(generator.envs()).containsExactly("secrets.env");
            });
            EnvFile example = EnvFile.read(OVERLAY + "/secrets.env.example");

            assertThat(example.values()).as("every secret is left empty in the example").allSatisfy(
                    (name, value) -> assertThat(value).as(name).isEmpty());
            assertThat(example.required()).containsExactly("JANUS_SECURITY_APIKEYS_0_KEY");
            assertThat(example.commentedOut()).contains("SPRING_AI_OPENAI_API_KEY", "SPRING_AI_ANTHROPIC_API_KEY");
            for (String name : example.values().keySet()) {
                assertThat(properties.binds(name)).as(name + " binds to a property").isTrue();
            }
            for (String name : example.commentedOut()) {
                assertThat(properties.binds(name)).as(name + " (commented out) binds to a property").isTrue();
            }
            assertThat(RepositoryFiles.read(".gitignore")).contains("k8s/overlays/*/secrets.env");
        }

        @ParameterizedTest
        @FieldSource("dev.janus.app.ops.KubernetesManifestsTests#MODULES")
        void areReadByEveryComponent(String module) {
            Deployment deployment = (Deployment) resources.get("Deployment/" + module);

            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
                    .filteredOn(source -> source.getSecretRef() != null)
                    .extracting(source -> source.getSecretRef().getName()).containsExactly("janus-secrets");
        }
    }

    @Test
    void anIngressCarriesThePageTheApiAndTheSocketsToInputFromAnAllowedOrigin() {
        Ingress ingress = (Ingress) StrictManifests.resource(OVERLAY + "/ingress.yaml");
        Map<String, String> input = new KubernetesEnvironment(name -> "filled")
                .fromManifests(ServiceConfig.of("janus-input"));

        IngressRule rule = ingress.getSpec().getRules().get(0);
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(rule.getHost()));
        assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
            assertThat(path.getPath()).isEqualTo("/");
            assertThat(path.getPathType()).isEqualTo("Prefix");
            assertThat(path.getBackend().getService().getName()).isEqualTo("janus-input");
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        // quiet WebSockets are not closed after the controller's default minute
        assertThat(Integer.parseInt(ingress.getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(3600);
        // the handshake checks Origin: the page is served from the Ingress's host over TLS
        assertThat(input.get("JANUS_SECURITY_ALLOWEDORIGINS")).isEqualTo("https://" + rule.getHost());
    }

    @Test
    void scalesEveryConsumingComponentOnStreamLag() {
        List<String> consuming = MODULES.stream().filter(module -> !module.equals("janus-input")).toList();

        assertThat(scaledObjects.keySet()).containsExactlyInAnyOrderElementsOf(consuming);
        for (KedaScaledObject scaled : scaledObjects.values()) {
            assertThat(resources).containsKey("Deployment/" + scaled.spec().scaleTargetRef().name());
            assertThat(scaled.spec().minReplicaCount()).isPositive();
            assertThat(scaled.spec().maxReplicaCount()).isGreaterThanOrEqualTo(scaled.spec().minReplicaCount());
            assertThat(scaled.spec().triggers()).isNotEmpty().allSatisfy(trigger -> {
                assertThat(trigger.type()).isEqualTo("redis-streams");
                assertThat(trigger.metadata().address()).isEqualTo("redis." + base.namespace() + ".svc.cluster.local:6379");
                assertThat(trigger.metadata().stream()).startsWith("janus:");
                assertThat(EventType.fromWireName(trigger.metadata().stream().substring("janus:".length()))).isPresent();
                assertThat(Long.parseLong(trigger.metadata().lagCount())).isPositive();
            });
        }
    }

    @Test
    void scalesTheInputEdgeOnCpu() {
        HorizontalPodAutoscaler autoscaler = (HorizontalPodAutoscaler) resources.get("HorizontalPodAutoscaler/janus-input");

        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("janus-input");
        assertThat(autoscaler.getSpec().getMetrics()).singleElement()
                .satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
    }

    @Test
    void runsRedisAsAStatefulSetWithAppendOnlyPersistence() {
        StatefulSet redis = (StatefulSet) resources.get("StatefulSet/redis");
        ConfigMap config = (ConfigMap) resources.get("ConfigMap/redis-config");
        Service service = (Service) resources.get("Service/redis");

        assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("data"));
        assertThat(config.getData().get("redis.conf")).contains("appendonly yes").contains("dir /data");
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(6379);
        assertThat(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getExec()
                .getCommand()).containsExactly("redis-cli", "ping");
    }

    @Test
    void capsRedisMemoryBelowItsContainerLimitAndNeverEvicts() {
        // given
        StatefulSet redis = (StatefulSet) resources.get("StatefulSet/redis");
        ConfigMap config = (ConfigMap) resources.get("ConfigMap/redis-config");
        long limit = Quantity.getAmountInBytes(redis.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources().getLimits().get("memory")).longValueExact();

        // when Redis starts with the ConfigMap's memory settings
        AppliedRedisMemory applied = AppliedRedisMemory.of(
                AppliedRedisMemory.memoryArgumentsOfConf(config.getData().get("redis.conf")));

        // then it is capped, with room under the container's limit for the AOF rewrite, buffers and fragmentation
        assertThat(applied.policy()).isEqualTo("noeviction");
        assertThat(applied.maxMemoryBytes()).isPositive().isLessThanOrEqualTo(limit * 3 / 4);
    }

    @Nested
    class TheExampleOverlay {

        private final Kustomization overlay = StrictManifests.record(OVERLAY + "/kustomization.yaml", Kustomization.class);

        @Test
        void renamesEveryComponentImage() {
            assertThat(overlay.images()).extracting(Kustomization.Image::name)
                    .containsExactlyInAnyOrderElementsOf(MODULES.stream().map(ComposeImages::repository).toList());
        }

        @Test
        void patchesResourcesOfTheBase() {
            for (Kustomization.Patch patch : overlay.patches()) {
                HasMetadata patched = StrictManifests.resource(OVERLAY + "/" + patch.path());
                assertThat(resources).as(patch.path()).containsKey(patched.getKind() + "/" + patched.getMetadata().getName());
            }
        }
    }

    private static String probe(HTTPGetAction get) {
        return get.getPort().getStrVal() + " " + get.getPath();
    }
}
