package dev.janus.models.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One of the shipped MiniLM networks with its tokenizer, computing a sentence on the calling thread alone (one
 * intra-op thread): the text is tokenized once, with the tokenizer's own special tokens and truncation (the shipped
 * tokenizers keep 128 tokens, MiniLM's training length: [CLS], the text's first 126 and [SEP], about 100 English
 * words), the network runs on the tokens, and its token vectors are averaged and scaled to length 1.
 * <p>
 * These are the vectors of the jars' own model classes (langchain4j's {@code OnnxBertBiEncoder} with mean pooling),
 * which tokenize every text twice (to split it into parts of 510 tokens, and to check the text rebuilt from each part)
 * before tokenizing it once more for the network; with the tokenizer truncating at 128 tokens a text is never split,
 * so one pass gives the same tokens. Safe to use from many threads (ONNX Runtime runs concurrent inferences on
 * one session, each on its caller's thread).
 */
final class MiniLmNetwork {

    /** The length of the vectors. */
    static final int DIMENSION = 384;

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;

    private MiniLmNetwork(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
    }

    /**
     * Opens the network of a shipped jar.
     *
     * @param id {@value EmbeddingModels#MINILM_QUANTIZED} or {@value EmbeddingModels#MINILM}: the jars name their
     *        network {@code <id>.onnx} and its tokenizer {@code <id>-tokenizer.json}
     */
    static MiniLmNetwork open(String id) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (InputStream network = resource(id + ".onnx");
                InputStream tokenizer = resource(id + "-tokenizer.json");
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtSession session = environment.createSession(network.readAllBytes(), options);
            try {
                return new MiniLmNetwork(environment, session, HuggingFaceTokenizer.newInstance(tokenizer,
                        Map.of("padding", "false")));
            }
            catch (IOException | RuntimeException e) {
                try {
                    session.close();
                }
                catch (OrtException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
        catch (IOException | OrtException e) {
            throw new IllegalStateException("could not open the embedding model " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The embedding of {@code text}, of length 1.
     *
     * @throws IllegalArgumentException for a text without a token (empty, or white space only)
     */
    Embedded embed(String text) {
        // the tokenizer's native library is not given a null
        Objects.requireNonNull(text, "text must not be null");
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        // the tokenizer adds [CLS] before and [SEP] after the text's own tokens
        int tokens = ids.length - 2;
        if (tokens <= 0) {
            throw new IllegalArgumentException("Cannot embed empty or whitespace-only text");
        }
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1);
        long[] shape = { 1, ids.length };
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(ones), shape));
            if (takesTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment,
                        LongBuffer.wrap(new long[ids.length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] tokenVectors = ((float[][][]) result.get(0).getValue())[0];
                return new Embedded(UnitVectors.of(mean(tokenVectors)), tokens);
            }
        }
        catch (OrtException e) {
            throw new IllegalStateException("the embedding model failed: " + e.getMessage(), e);
        }
        finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The mean of the token vectors, the special tokens' included. */
    private static float[] mean(float[][] tokenVectors) {
        float[] mean = new float[DIMENSION];
        for (float[] tokenVector : tokenVectors) {
            for (int i = 0; i < DIMENSION; i++) {
                mean[i] += tokenVector[i];
            }
        }
        for (int i = 0; i < DIMENSION; i++) {
            mean[i] /= tokenVectors.length;
        }
        return mean;
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(MiniLmNetwork.class.getResourceAsStream("/" + name),
                () -> name + " is not on the classpath: its langchain4j-embeddings jar is missing");
    }

    /**
     * A text's embedding.
     *
     * @param vector the vector, of length 1
     * @param tokens the text's tokens it was computed from (at most the tokenizer's truncation length)
     */
    record Embedded(float[] vector, int tokens) {
    }
}
