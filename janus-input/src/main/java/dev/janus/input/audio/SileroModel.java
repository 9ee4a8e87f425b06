package dev.janus.input.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The Silero VAD v5 model (MIT, the Silero Team; shipped in this module's resources, taken unchanged from the npm
 * package {@code @ricky0123/vad-web} 0.0.31, checked against its SHA-256 when loaded), run with ONNX Runtime in the
 * JVM. One inference takes a window of {@value #WINDOW} samples at 16 kHz with the {@value #CONTEXT} samples before
 * it, and the recurrent state the previous window left; it gives the probability that the window is speech and the
 * next state. The state belongs to the caller (one per track, {@link SileroDetector}); the model is shared: ONNX
 * Runtime runs concurrent inferences on one session, each on the calling thread (one intra-op thread, so streams do
 * not contend for a pool). Load once, {@link #close} at shutdown.
 */
public final class SileroModel implements AutoCloseable {

    /** Samples per window at 16 kHz (32 ms). */
    public static final int WINDOW = 512;
    /** Samples of the previous window given with each window. */
    public static final int CONTEXT = 64;
    /** Floats of the recurrent state: [2, 1, 128]. */
    public static final int STATE = 2 * 128;

    static final String RESOURCE = "silero/silero_vad_v5.onnx";
    static final String SHA256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    private static final long[] INPUT_SHAPE = { 1, CONTEXT + WINDOW };
    private static final long[] STATE_SHAPE = { 2, 1, 128 };

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxTensor sampleRate;

    private SileroModel(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(model, options);
        }
        this.sampleRate = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] { 16_000 }), new long[0]);
    }

    /**
     * Loads the shipped model.
     *
     * @throws IllegalStateException when the model is missing or altered, or ONNX Runtime cannot load it, saying
     *         how to run without it
     */
    public static SileroModel load() {
        byte[] model;
        try (InputStream in = SileroModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Silero VAD model " + RESOURCE + " is not on the classpath; "
                        + "set janus.input.voice.vad.engine=energy to detect speech without it");
            }
            model = in.readAllBytes();
        }
        catch (IOException e) {
            throw new IllegalStateException("the Silero VAD model could not be read: " + e.getMessage(), e);
        }
        String digest = sha256(model);
        if (!digest.equals(SHA256)) {
            throw new IllegalStateException("the Silero VAD model " + RESOURCE + " has SHA-256 " + digest
                    + ", not the " + SHA256 + " of @ricky0123/vad-web 0.0.31; restore it, or set "
                    + "janus.input.voice.vad.engine=energy");
        }
        try {
            return new SileroModel(model);
        }
        catch (OrtException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("ONNX Runtime could not load the Silero VAD model (" + e.getMessage()
                    + "); set janus.input.voice.vad.engine=energy to detect speech without it", e);
        }
    }

    /**
     * The probability that a window is speech; replaces {@code state} by the state after it.
     *
     * @param input {@value #CONTEXT} samples of context, then {@value #WINDOW} samples, as floats in [-1, 1]
     * @param state the state the previous window left ({@value #STATE} zeros for the first)
     */
    public float speechProbability(float[] input, float[] state) {
        try (OnnxTensor samples = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), INPUT_SHAPE);
                OnnxTensor previous = OnnxTensor.createTensor(environment, FloatBuffer.wrap(state), STATE_SHAPE);
                OrtSession.Result result = session.run(Map.of("input", samples, "state", previous, "sr",
                        sampleRate))) {
            FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
            next.get(state);
            return ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(0);
        }
        catch (OrtException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        try {
            sampleRate.close();
            session.close();
        }
        catch (OrtException e) {
            // closing at shutdown: nothing left to do
        }
    }
}
