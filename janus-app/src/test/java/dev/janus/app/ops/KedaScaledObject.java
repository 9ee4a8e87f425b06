package dev.janus.app.ops;

import java.util.List;
import java.util.Map;

/** KEDA's {@code keda.sh/v1alpha1 ScaledObject}, as far as k8s/ uses it; unknown fields fail the read. */
record KedaScaledObject(String apiVersion, String kind, Metadata metadata, Spec spec) {

    record Metadata(String name, Map<String, String> labels) {
    }

    record Spec(ScaleTarget scaleTargetRef, int minReplicaCount, int maxReplicaCount, int pollingInterval,
            int cooldownPeriod, List<Trigger> triggers) {
    }

    record ScaleTarget(String name) {
    }

    /** A trigger; the redis-streams scaler's metadata keys are the ones KEDA documents. */
    record Trigger(String type, RedisStreamsMetadata metadata) {
    }

    record RedisStreamsMetadata(String address, String stream, String consumerGroup, String lagCount,
            String activationLagCount) {
    }
}
