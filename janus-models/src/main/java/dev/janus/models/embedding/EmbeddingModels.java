package dev.janus.models.embedding;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;


/**
 * The sentence embedding models Janus ships, both offline in their jars (384 dimensions): all-MiniLM-L6-v2 and the
 * same network with int8 weights, each computing a sentence on the caller's thread ({@link CallerThreadMiniLm}).
 * Loading one takes one to two seconds, once per JVM.
 */
public final class EmbeddingModels {

    /** all-MiniLM-L6-v2 with int8 weights: the default. */
    public static final String MINILM_QUANTIZED = "all-minilm-l6-v2-q";

    /** all-MiniLM-L6-v2 with float weights. */
    public static final String MINILM = "all-minilm-l6-v2";

    /** The model of {@code janus.embeddings.model} when it is not set. */
    public static final String DEFAULT = MINILM_QUANTIZED;

    /** The ids of the models Janus ships. */
    public static final List<String> IDS = List.of(MINILM_QUANTIZED, MINILM);

    /** The variable (environment or system property) the MiniLM tokenizer reads for its native-library cache. */
    public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private EmbeddingModels() {
    }

    /**
     * The model with this id. When neither the environment nor the system properties set {@value #DJL_CACHE_DIR},
     * this sets the system property to {@code cacheDir}, where the tokenizer unpacks its native library, rather than
     * the library's default under the user's home.
     *
     * @param executor runs the texts of a batch ({@code embedAll}) side by side; {@code Runnable::run} embeds them
     *        one after the other on the caller's thread
     * @throws IllegalArgumentException for an id Janus does not ship, naming the ones it does
     */
    public static NamedEmbeddingModel load(String id, Path cacheDir, Executor executor) {
        requireKnown("the embedding model", id);
        String fromEnvironment = System.getenv(DJL_CACHE_DIR);
        String fromProperty = System.getProperty(DJL_CACHE_DIR);
        boolean unset = (fromEnvironment == null || fromEnvironment.isBlank())
                && (fromProperty == null || fromProperty.isBlank());
        if (unset) {
            System.setProperty(DJL_CACHE_DIR, cacheDir.toAbsolutePath().toString());
        }
        return new NamedEmbeddingModel(id, new CallerThreadMiniLm(id, executor));
    }

    static String requireKnown(String what, String id) {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException(what + " must be one of " + IDS + ", but was '" + id + "'");
        }
        return id;
    }
}
