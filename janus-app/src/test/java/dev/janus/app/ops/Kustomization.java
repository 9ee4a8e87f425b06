package dev.janus.app.ops;

import java.util.List;
import java.util.Map;

/** A {@code kustomization.yaml} as k8s/ writes it; unknown fields fail the read. */
record Kustomization(String apiVersion, String kind, String namespace, List<Labels> labels, List<String> resources,
        List<Image> images, List<Patch> patches) {

    record Labels(Map<String, String> pairs) {
    }

    record Image(String name, String newName, String newTag) {
    }

    record Patch(String path) {
    }

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }
}
