package dev.janus.bench.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.janus.bench.ResultTable;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallItem;
import dev.janus.memory.recall.VectorIndex;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * Memory's recall, measured: MiniLM embedding throughput (sentences/s, batch and one by one), top-5 retrieval latency
 * p50/p99 of one user's {@link VectorIndex} at 10k and 100k items (with the recall of the approximate search against
 * an exhaustive scan), and the heap the index takes per 100k items. Embedding 100k sentences would take minutes, so
 * the items are 600 real MiniLM embeddings of generated sentences, each repeated with Gaussian noise (cosine to its
 * origin ~0.8): clustered like real conversation memory, not uniform random vectors.
 */
public final class MemoryRecallBenchmark {

    /** The benchmark's name. */
    public static final String NAME = "memory.recall";

    private static final int SEEDS = 600;
    private static final int QUERIES = 2_000;
    private static final String[] SUBJECTS = { "the deploy", "my dentist appointment", "the quarterly report",
            "our team standup", "the server migration", "my sister's birthday", "the invoice for March",
            "the flight to Lisbon", "the new hire onboarding", "the kitchen renovation", "the database backup",
            "my gym membership", "the marketing budget", "the school pickup", "the car service", "the book club" };
    private static final String[] PREDICATES = { "is scheduled for Friday", "was moved to next week",
            "needs a review before noon", "costs more than expected", "is blocked by the security team",
            "should be done by the end of the month", "went well yesterday", "has to be cancelled",
            "depends on the vendor", "is my top priority", "keeps getting postponed", "starts at 9:30",
            "needs two more people", "was approved by finance", "is on the shared calendar" };
    private static final String[] PREFIXES = { "", "Remember that ", "FYI ", "I think ", "Just so you know, " };

    public void run(ResultTable table) {
        AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        Embedder embedder = new Embedder(model);
        List<String> sentences = sentences();
        embedder.embedAll(sentences.subList(0, 32)); // warm-up
        long started = System.nanoTime();
        List<float[]> seeds = embedder.embedAll(sentences);
        double batchRate = sentences.size() / ((System.nanoTime() - started) / 1e9);
        table.add(NAME, "MiniLM embedding, batch (embedAll)", batchRate, "sentences/s", null,
                sentences.size() + " sentences of 6–14 words, all cores");
        started = System.nanoTime();
        int single = 200;
        for (int i = 0; i < single; i++) {
            model.embed(sentences.get(i) + " (again)");
        }
        double singleRate = single / ((System.nanoTime() - started) / 1e9);
        table.add(NAME, "MiniLM embedding, one at a time", singleRate, "sentences/s", null,
                String.format(Locale.ROOT, "%.1f ms per sentence: the cost of a query", 1000 / singleRate));
        for (int size : new int[] { 10_000, 100_000 }) {
            measure(table, seeds, size);
        }
    }

    private static void measure(ResultTable table, List<float[]> seeds, int size) {
        Random random = new Random(size);
        System.gc();
        long heapBefore = usedHeap();
        VectorIndex index = new VectorIndex();
        long started = System.nanoTime();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < size; i++) {
            float[] vector = noisy(seeds.get(i % seeds.size()), random);
            index.put(new RecallItem("item-" + i, "bench-user", "stream-" + (i % 50), "user", "item " + i,
                    "event-" + i, at.plusSeconds(i)), vector);
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        System.gc();
        long heapAfter = usedHeap();
        String label = String.format(Locale.ROOT, "%dk items", size / 1000);
        long[] latencies = new long[QUERIES];
        int hits = 0;
        int wanted = 0;
        for (int q = 0; q < QUERIES + 200; q++) {
            float[] query = noisy(seeds.get(random.nextInt(seeds.size())), random);
            long t0 = System.nanoTime();
            List<VectorIndex.Neighbour> found = index.nearest(query, 5, item -> true);
            long elapsed = System.nanoTime() - t0;
            if (q >= 200) {
                latencies[q - 200] = elapsed;
                if (q % 10 == 0) {
                    List<String> exact = index.nearestExhaustive(query, 5).stream().map(n -> n.item().id()).toList();
                    List<String> approximate = found.stream().map(n -> n.item().id()).toList();
                    wanted += exact.size();
                    hits += (int) exact.stream().filter(approximate::contains).count();
                }
            }
        }
        Arrays.sort(latencies);
        double p50 = latencies[QUERIES / 2] / 1e6;
        double p99 = latencies[(int) (QUERIES * 0.99)] / 1e6;
        table.add(NAME, "top-5 retrieval p50, " + label, p50, "ms", null, QUERIES + " queries, one thread");
        table.add(NAME, "top-5 retrieval p99, " + label, p99, "ms", ResultTable.Target.atMost(10),
                "sign-code pre-selection of 512, then int8 cosine");
        table.add(NAME, "top-5 overlap with an exhaustive scan, " + label, hits / (double) wanted, "ratio", null,
                "share of the exact top 5 the index returned, " + (wanted / 5) + " queries");
        table.add(NAME, "index build, " + label, size / loadSeconds, "items/s", null,
                "put of pre-computed vectors (a restart reloads at this rate plus Redis reads)");
        if (size == 100_000) {
            table.add(NAME, "heap per 100k items", (heapAfter - heapBefore) / 1e6, "MB", null,
                    String.format(Locale.ROOT, "index arrays %.1f MB (int8 vectors, sign codes); the rest is the items' "
                            + "records and texts", index.arrayBytes() / 1e6));
        }
    }

    private static float[] noisy(float[] seed, Random random) {
        float[] vector = new float[seed.length];
        double scale = 0.75 / Math.sqrt(seed.length);
        double norm = 0;
        for (int i = 0; i < seed.length; i++) {
            vector[i] = (float) (seed[i] + random.nextGaussian() * scale);
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < seed.length; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }

    private static List<String> sentences() {
        List<String> sentences = new ArrayList<>(SEEDS);
        Random random = new Random(42);
        while (sentences.size() < SEEDS) {
            String sentence = PREFIXES[random.nextInt(PREFIXES.length)] + SUBJECTS[random.nextInt(SUBJECTS.length)]
                    + " " + PREDICATES[random.nextInt(PREDICATES.length)] + ".";
            sentences.add(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1));
        }
        return sentences;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
