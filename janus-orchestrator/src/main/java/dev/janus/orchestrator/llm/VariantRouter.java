package dev.janus.orchestrator.llm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * Chooses who answers a request. Without variants, {@code janus.llm.provider}; with {@code janus.llm.variants}, the
 * variant a stable hash of the stream id falls on, weighted: a stream always gets the same variant (on every
 * instance, across restarts, while the variants stay the same), and the share of streams per variant follows the
 * weights. Either way the chain continues with {@code janus.llm.fallback} and ends at the offline responder.
 * Stateless.
 */
public final class VariantRouter {

    private final LlmProperties properties;
    private final long totalWeight;

    public VariantRouter(LlmProperties properties) {
        this.properties = properties;
        this.totalWeight = properties.variants().stream().mapToLong(LlmProperties.Variant::weight).sum();
        if (!properties.variants().isEmpty() && totalWeight == 0) {
            throw new IllegalArgumentException("janus.llm.variants all have weight 0; give at least one a weight");
        }
    }

    /** The route of a request of {@code streamId}. */
    public Route route(String streamId) {
        if (properties.variants().isEmpty()) {
            return new Route(null, properties.provider(), null, chain(properties.provider()));
        }
        long point = bucket(streamId) % totalWeight;
        for (LlmProperties.Variant variant : properties.variants()) {
            point -= variant.weight();
            if (point < 0) {
                return new Route(variant.name(), variant.provider(), variant.model(), chain(variant.provider()));
            }
        }
        throw new IllegalStateException("no variant covers the hash; weights sum to " + totalWeight);
    }

    private List<String> chain(String first) {
        Set<String> chain = new LinkedHashSet<>();
        chain.add(first);
        chain.addAll(properties.fallback());
        chain.remove(OfflineResponder.PROVIDER);
        List<String> ordered = new ArrayList<>(chain);
        ordered.add(OfflineResponder.PROVIDER);
        return ordered;
    }

    /** A stable, well-spread number of the stream id (CRC-32 of its UTF-8 bytes). */
    static long bucket(String streamId) {
        CRC32 crc = new CRC32();
        crc.update(streamId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * Who answers a request.
     *
     * @param variant the A/B variant, or null without variants
     * @param provider the first provider asked
     * @param model the model the variant asks for, or null for the provider's configured one
     * @param chain the providers to try in order, ending with {@code offline}
     */
    public record Route(@Nullable String variant, String provider, @Nullable String model, List<String> chain) {
    }
}
