package dev.janus.app.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the k8s/ manifests strictly. Built-in kinds become fabric8 Kubernetes model classes; those
 * keep unknown fields in {@code additionalProperties} instead of failing, so every such map in the
 * object graph must be empty: a misspelt field ({@code readinesProbe}) fails. Custom resources
 * (KEDA's ScaledObject) and kustomizations are read into records with unknown fields forbidden.
 */
final class StrictManifests {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final YAMLMapper RECORDS = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictManifests() {
    }

    /** A built-in Kubernetes resource; fails on a field the model does not know. */
    static HasMetadata resource(String relative) {
        Object parsed = KUBERNETES.unmarshal(RepositoryFiles.read(relative));
        if (!(parsed instanceof HasMetadata resource) || parsed instanceof GenericKubernetesResource) {
            throw new AssertionError(relative + " is not a built-in Kubernetes kind (apiVersion or kind misspelt?): "
                    + parsed);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, resource.getKind(), unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError(relative + " has fields that " + resource.getKind() + " does not have: " + unknown);
        }
        return resource;
    }

    /** A document read into a record; fails on an unknown field. */
    static <T> T record(String relative, Class<T> type) {
        return RECORDS.readValue(RepositoryFiles.read(relative), type);
    }

    /** The apiVersion and kind of a document, to choose how to read it. */
    static String kindOf(String relative) {
        Map<String, Object> yaml = RepositoryFiles.yaml(relative);
        return yaml.get("apiVersion") + "/" + yaml.get("kind");
    }

    private static void collectUnknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown, seen));
            return;
        }
        if (node instanceof Iterable<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            }
            catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            collectUnknownFields(value, path + "." + property(getter.getName()), unknown, seen);
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
