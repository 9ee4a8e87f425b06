package dev.janus.app.ops;

import java.util.List;
import java.util.Map;

/** A {@code kustomization.yaml} as k8s/ writes it; unknown fields fail the read. */
record Kustomization(String apiVersion, String kind, String namespace, List<Labels> labels, List<String> resources,
        List<Image> images, List<Patch> patches, List<SecretGenerator> secretGenerator) {

    record Labels(Map<String, String> pairs) {
    }

    record Image(String name, String newName, String newTag) {
    }

    record Patch(String path) {
    }

    /** A Secret made from {@code KEY=value} files ({@code envs}); its name gets a content hash, references follow. */
    record SecretGenerator(String name, List<String> envs) {
    }

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }

    List<Patch> patchesOrEmpty() {
        return patches == null ? List.of() : patches;
    }

    List<SecretGenerator> secretGeneratorOrEmpty() {
        return secretGenerator == null ? List.of() : secretGenerator;
    }
}
