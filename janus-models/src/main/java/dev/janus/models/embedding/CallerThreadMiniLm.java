package dev.janus.models.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * A MiniLM model (either of the two shipped jars' networks) whose ONNX session computes a sentence on the calling
 * thread alone: one intra-op thread.
 * <p>
 * The jars' own model classes open ONNX Runtime's default session, which runs every sentence on a pool of one thread
 * per core that spins while it waits for the next piece of work: about twice the CPU per sentence for the same wall
 * time, and callers on different threads queue for the one pool. With one intra-op thread callers run side by side
 * (the measured figures are in the README, Embedding models).
 * <p>
 * One session per model serves every instance in the JVM (a session is safe to run from many threads), as the jars'
 * classes also share one.
 */
final class CallerThreadMiniLm extends AbstractInProcessEmbeddingModel {

    private static final int DIMENSION = 384;

    private static final Map<String, OnnxBertBiEncoder> ENCODERS = new ConcurrentHashMap<>();

    private final OnnxBertBiEncoder encoder;

    /**
     * @param id {@value EmbeddingModels#MINILM_QUANTIZED} or {@value EmbeddingModels#MINILM}: the jars name their
     *        network {@code <id>.onnx} and its tokenizer {@code <id>-tokenizer.json}
     * @param executor runs the parts of a batch ({@code embedAll})
     */
    CallerThreadMiniLm(String id, Executor executor) {
        super(executor);
        this.encoder = ENCODERS.computeIfAbsent(id, CallerThreadMiniLm::open);
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSION;
    }

    private static OnnxBertBiEncoder open(String id) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (InputStream network = resource(id + ".onnx");
                InputStream tokenizer = resource(id + "-tokenizer.json");
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtSession session = environment.createSession(network.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("could not open the embedding model " + id + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(CallerThreadMiniLm.class.getResourceAsStream("/" + name),
                () -> name + " is not on the classpath: its langchain4j-embeddings jar is missing");
    }
}
