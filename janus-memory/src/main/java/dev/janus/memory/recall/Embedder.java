package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Turns text into unit vectors with the configured {@link EmbeddingModel} (the offline MiniLM model by default), and
 * remembers the latest few: a message is embedded when it is stored and again as the query of its own context
 * request, and the second costs nothing. Thread-safe.
 */
public final class Embedder {

    private static final int CACHE_SIZE = 2_048;

    private final EmbeddingModel model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public Embedder(EmbeddingModel model) {
        this.model = model;
    }

    /** The unit vector of the text. */
    public float[] embed(String text) {
        synchronized (cache) {
            float[] known = cache.get(text);
            if (known != null) {
                return known;
            }
        }
        float[] vector = unit(model.embed(text).content().vector());
        synchronized (cache) {
            cache.put(text, vector);
        }
        return vector;
    }

    /** The unit vectors of the texts, in one call of the model (which spreads them over its threads). */
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        model.embedAll(segments).content().forEach(embedding -> vectors.add(unit(embedding.vector())));
        return vectors;
    }

    /** Forgets every cached text, as forgetting a user requires. */
    public void clearCache() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /** The cosine similarity of two unit vectors. */
    public static double cosine(float[] left, float[] right) {
        double sum = 0;
        for (int i = 0; i < left.length; i++) {
            sum += left[i] * right[i];
        }
        return sum;
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float component : vector) {
            norm += component * component;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
