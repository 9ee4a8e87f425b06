package dev.janus.memory.recall;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import dev.janus.events.Int8Vector;
import dev.janus.models.embedding.UnitVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VectorIndexTests {

    private static final Instant AT = Instant.parse("2026-03-14T09:00:00Z");

    @Test
    void findsTheMostSimilarItemsFirstAndHonoursTheFilter() {
        // given
        VectorIndex index = new VectorIndex();
        Random random = new Random(7);
        float[] target = unit(random);
        index.put(item("near"), perturbed(target, 0.1, random));
        index.put(item("nearer"), perturbed(target, 0.02, random));
        index.put(item("far"), unit(random));

        // when
        List<VectorIndex.Neighbour> found = index.nearest(target, 2, item -> true);
        List<VectorIndex.Neighbour> filtered = index.nearest(target, 2, item -> !item.id().equals("nearer"));

        // then
        assertThat(found).extracting(n -> n.item().id()).containsExactly("nearer", "near");
        assertThat(found.get(0).similarity()).isGreaterThan(0.95);
        assertThat(filtered).extracting(n -> n.item().id()).containsExactly("near", "far");
    }

    @Test
    void thePreselectionOfLargeIndexesFindsWhatAnExhaustiveScanFinds() {
        // given: 20,000 items in 400 clusters, queries near cluster centres
        VectorIndex index = new VectorIndex();
        Random random = new Random(11);
        float[][] centres = new float[400][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = unit(random);
        }
        for (int i = 0; i < 20_000; i++) {
            index.put(item("item-" + i), perturbed(centres[i % centres.length], 0.6, random));
        }

        // when
        int hits = 0;
        int wanted = 0;
        for (int q = 0; q < 50; q++) {
            float[] query = perturbed(centres[q * 7 % centres.length], 0.3, random);
            List<String> exact = index.nearestExhaustive(query, 5).stream().map(n -> n.item().id()).toList();
            List<String> approximate = index.nearest(query, 5, item -> true).stream().map(n -> n.item().id()).toList();
            wanted += exact.size();
            hits += (int) exact.stream().filter(approximate::contains).count();
        }

        // then
        assertThat(hits / (double) wanted).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void removesAndReplacesItemsById() {
        // given
        VectorIndex index = new VectorIndex();
        Random random = new Random(3);
        float[] vector = unit(random);
        index.put(item("a"), vector);
        index.put(item("b"), unit(random));
        index.put(item("a"), vector);

        // when
        boolean removed = index.remove("a");

        // then
        assertThat(removed).isTrue();
        assertThat(index.remove("a")).isFalse();
        assertThat(index.items()).extracting(RecallItem::id).containsExactly("b");
    }

    @Test
    void int8VectorsRoundTripThroughTheirTextForm() {
        // given
        float[] vector = unit(new Random(5));

        // when
        Int8Vector decoded = Int8Vector.decode(Int8Vector.of(vector).encode());

        // then
        assertThat(UnitVectors.cosine(vector, decoded.toFloats())).isGreaterThan(0.999);
    }

    static RecallItem item(String id) {
        return new RecallItem(id, "ada", "s-1", "user", "text of " + id, "e-" + id, AT);
    }

    static float[] unit(Random random) {
        float[] vector = new float[VectorIndex.DIMENSIONS];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return normalised(vector);
    }

    static float[] perturbed(float[] base, double noise, Random random) {
        float[] vector = new float[base.length];
        double scale = noise / Math.sqrt(base.length);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (base[i] + random.nextGaussian() * scale);
        }
        return normalised(vector);
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }
}
