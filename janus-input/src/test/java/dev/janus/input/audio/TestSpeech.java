package dev.janus.input.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real speech for tests: phrases spoken by {@code espeak-ng} (Debian package), converted to 16 kHz mono by
 * {@code sox}, joined by stretches of quiet background noise of known length. The tests that need it are skipped
 * with a message when the two commands are not installed ({@code .ci/run} installs them).
 */
public final class TestSpeech {

    private static final Path CACHE = Path.of("target", "test-speech");

    private TestSpeech() {
    }

    /** Skips the calling test unless espeak-ng and sox are installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(runs("espeak-ng", "--version") && runs("sox", "--version"),
                "espeak-ng and sox are needed for speech tests: apt-get install espeak-ng sox");
    }

    /** A phrase spoken by espeak-ng (US English), as 16 kHz samples. */
    public static short[] phrase(String text) {
        return phrase(text, 16_000);
    }

    /** A phrase spoken by espeak-ng at {@code rate} Hz (converted by sox). */
    public static short[] phrase(String text, int rate) {
        try {
            Files.createDirectories(CACHE);
            String name = Integer.toHexString(text.hashCode()) + "-" + rate;
            Path raw = CACHE.resolve(name + "-espeak.wav");
            Path converted = CACHE.resolve(name + ".wav");
            if (!Files.exists(converted)) {
                run("espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), text);
                run("sox", raw.toString(), "-r", String.valueOf(rate), "-c", "1", "-b", "16", converted.toString());
            }
            return WavFile.parse(Files.readAllBytes(converted)).samples();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Quiet background noise (about -62 dBFS) of {@code millis} at {@code rate}; seeded, so the same every run. */
    public static short[] noise(long millis, int rate, long seed) {
        Random random = new Random(seed);
        short[] samples = new short[(int) (millis * rate / 1000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(random.nextGaussian() * 25);
        }
        return samples;
    }

    /**
     * Noise made by {@code sox} ({@code synth <seconds> <kind>}: {@code whitenoise}, {@code pinknoise},
     * {@code brownnoise}, ...) at 16 kHz, scaled to an RMS level of {@code dbfs}; the same every run.
     */
    public static short[] soxNoise(String kind, long millis, double dbfs) {
        try {
            Files.createDirectories(CACHE);
            Path noise = CACHE.resolve("noise-" + kind + "-" + millis + ".wav");
            if (!Files.exists(noise)) {
                run("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", noise.toString(), "synth",
                        String.valueOf(millis / 1000.0), kind, "vol", "0.5");
            }
            return atLevel(WavFile.parse(Files.readAllBytes(noise)).samples(), dbfs);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The samples scaled to an RMS level of {@code dbfs}. */
    public static short[] atLevel(short[] samples, double dbfs) {
        double sum = 0;
        for (short sample : samples) {
            sum += (double) sample * sample;
        }
        double rms = Math.sqrt(sum / Math.max(1, samples.length)) / 32_768.0;
        double gain = rms == 0 ? 0 : Math.pow(10, dbfs / 20) / rms;
        short[] scaled = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * gain)));
        }
        return scaled;
    }

    /** {@code over} added onto {@code under} from its start (clipped to 16 bits); as long as {@code under}. */
    public static short[] mix(short[] under, short[] over) {
        short[] mixed = under.clone();
        for (int i = 0; i < Math.min(under.length, over.length); i++) {
            mixed[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, under[i] + over[i]));
        }
        return mixed;
    }

    /** The pieces one after another. */
    public static short[] join(List<short[]> pieces) {
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        short[] all = new short[total];
        int at = 0;
        for (short[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    /**
     * Phrases separated by {@code pauseMs} of noise, with {@code leadMs} of noise before the first and after the
     * last; {@code starts} receives where each phrase starts, in ms.
     */
    public static short[] conversation(List<String> phrases, long leadMs, long pauseMs, int rate, List<Long> starts) {
        List<short[]> pieces = new ArrayList<>();
        long at = 0;
        pieces.add(noise(leadMs, rate, 1));
        at += leadMs;
        for (int i = 0; i < phrases.size(); i++) {
            short[] phrase = phrase(phrases.get(i), rate);
            starts.add(at);
            pieces.add(phrase);
            at += phrase.length * 1000L / rate;
            long gap = i == phrases.size() - 1 ? leadMs : pauseMs;
            pieces.add(noise(gap, rate, i + 2));
            at += gap;
        }
        return join(pieces);
    }

    /** The samples cut into PCM16LE frames of {@code frameMs}, as a client sends them. */
    public static List<byte[]> frames(short[] samples, int rate, int frameMs) {
        int size = rate * frameMs / 1000;
        List<byte[]> frames = new ArrayList<>();
        for (int from = 0; from < samples.length; from += size) {
            frames.add(Pcm16.bytes(samples, from, Math.min(samples.length, from + size)));
        }
        return frames;
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static boolean runs(String... command) {
        try {
            run(command);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
