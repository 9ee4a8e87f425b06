package dev.janus.app.ops;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The environment a component's container gets on Kubernetes from the example overlay, as kustomize and the
 * kubelet compute it: the image's {@code ENV}, then each {@code envFrom} source in order — ConfigMaps of the base
 * with the overlay's patches merged in, the Secret the overlay's {@code secretGenerator} makes from its env file
 * (here the committed {@code .example}, what the deployer must fill in filled by the caller) — then the container's
 * own {@code env}. Every manifest is read strictly.
 */
final class KubernetesEnvironment {

    static final String BASE = "k8s/base";
    static final String OVERLAY = "k8s/overlays/example";

    private final Map<String, Map<String, String>> configMaps = new HashMap<>();
    private final Map<String, Map<String, String>> secrets = new HashMap<>();
    private final Map<String, Deployment> deployments = new HashMap<>();

    /** The overlay's manifests, each empty value of a secret's env file replaced by {@code fill} of its name. */
    KubernetesEnvironment(Function<String, String> fill) {
        Kustomization base = StrictManifests.record(BASE + "/kustomization.yaml", Kustomization.class);
        for (String file : base.resourcesOrEmpty()) {
            String path = BASE + "/" + file;
            if (StrictManifests.kindOf(path).startsWith("keda.sh/")) {
                continue;
            }
            HasMetadata resource = StrictManifests.resource(path);
            if (resource instanceof ConfigMap map) {
                configMaps.put(map.getMetadata().getName(), new LinkedHashMap<>(map.getData()));
            }
            else if (resource instanceof Deployment deployment) {
                deployments.put(deployment.getMetadata().getName(), deployment);
            }
        }
        Kustomization overlay = StrictManifests.record(OVERLAY + "/kustomization.yaml", Kustomization.class);
        for (Kustomization.Patch patch : overlay.patchesOrEmpty()) {
            if (StrictManifests.resource(OVERLAY + "/" + patch.path()) instanceof ConfigMap map) {
                Map<String, String> patched = configMaps.get(map.getMetadata().getName());
                if (patched == null) {
                    throw new AssertionError(patch.path() + " patches ConfigMap " + map.getMetadata().getName()
                            + ", which the base does not have");
                }
                patched.putAll(map.getData());
            }
        }
        for (Kustomization.SecretGenerator generator : overlay.secretGeneratorOrEmpty()) {
            Map<String, String> data = new LinkedHashMap<>();
            for (String envs : generator.envs()) {
                data.putAll(EnvFile.read(OVERLAY + "/" + envs + ".example").filled(fill));
            }
            secrets.put(generator.name(), data);
        }
    }

    /** The component's container environment. */
    Map<String, String> of(ServiceConfig service) {
        Map<String, String> environment = new LinkedHashMap<>(ImageEnvironment.of(service));
        environment.putAll(fromManifests(service));
        return environment;
    }

    /** What the manifests add to the image's environment: the {@code envFrom} sources and {@code env}. */
    Map<String, String> fromManifests(ServiceConfig service) {
        Deployment deployment = deployments.get(service.module());
        if (deployment == null) {
            throw new AssertionError("no Deployment " + service.module() + " in " + BASE);
        }
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                environment.putAll(required(configMaps, "ConfigMap", source.getConfigMapRef().getName()));
            }
            else if (source.getSecretRef() != null) {
                environment.putAll(required(secrets, "Secret (of the overlay's secretGenerator)",
                        source.getSecretRef().getName()));
            }
            else {
                throw new AssertionError(service.module() + " reads an envFrom source this test does not know");
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) {
                throw new AssertionError(service.module() + ": env " + variable.getName() + " uses valueFrom, which "
                        + "this test does not resolve; use envFrom");
            }
            environment.put(variable.getName(), variable.getValue());
        }
        return environment;
    }

    private static Map<String, String> required(Map<String, Map<String, String>> sources, String kind, String name) {
        Map<String, String> data = sources.get(name);
        if (data == null) {
            throw new AssertionError(kind + " " + name + " does not exist");
        }
        return data;
    }
}
