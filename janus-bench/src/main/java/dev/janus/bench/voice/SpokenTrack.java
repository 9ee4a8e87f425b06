package dev.janus.bench.voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.process.OwnedProcess;
import dev.janus.input.audio.Pcm16;
import dev.janus.input.audio.WavFile;

/**
 * The speech every benchmark stream sends: {@value #PHRASE} spoken once by {@code espeak-ng} (US English, 150 words a
 * minute), converted to 16 kHz mono PCM16 by {@code sox}, then {@value #PAUSE_MS} ms of quiet background noise (about
 * -62 dBFS, seeded, so every run sends the same samples), the pair repeated. The phrase is spoken digits so the
 * offline engine can be timed with a digits grammar that also tells whether it heard right.
 */
final class SpokenTrack {

    static final String PHRASE = "seven three nine four";
    static final int RATE = 16_000;
    static final int FRAME_MS = 20;
    static final int FRAME_SAMPLES = RATE * FRAME_MS / 1000;
    static final int PAUSE_MS = 1_500;
    static final int LEAD_MS = 500;
    /** -40 dBFS: a sample above it is voiced. */
    private static final int VOICED = 328;

    private final short[] phrase;
    private final short[] cycle;

    private SpokenTrack(short[] phrase) {
        this.phrase = phrase;
        // the pause is stretched to end on a frame boundary, so the cycle loops in whole 20 ms frames
        int pause = PAUSE_MS * RATE / 1000;
        int length = phrase.length + pause;
        length += (FRAME_SAMPLES - length % FRAME_SAMPLES) % FRAME_SAMPLES;
        this.cycle = new short[length];
        System.arraycopy(phrase, 0, cycle, 0, phrase.length);
        short[] quiet = noise(length - phrase.length, 2);
        System.arraycopy(quiet, 0, cycle, phrase.length, quiet.length);
    }

    /**
     * Speaks the phrase into {@code directory} and reads it back.
     *
     * @throws IllegalStateException when espeak-ng or sox is missing or fails, saying what to install
     */
    static SpokenTrack generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path spoken = directory.resolve("phrase-espeak.wav");
        Path converted = directory.resolve("phrase-16k.wav");
        run("espeak-ng", "-v", "en-us", "-s", "150", "-w", spoken.toString(), PHRASE);
        run("sox", spoken.toString(), "-r", String.valueOf(RATE), "-c", "1", "-b", "16", converted.toString());
        WavFile wav = WavFile.parse(Files.readAllBytes(converted));
        if (wav.sampleRate() != RATE) {
            throw new IllegalStateException("sox wrote " + wav.sampleRate() + " Hz, not " + RATE);
        }
        return new SpokenTrack(wav.samples());
    }

    /** How long the phrase lasts, in ms. */
    long phraseMs() {
        return Pcm16.millis(phrase.length, RATE);
    }

    /**
     * Where the speech of the phrase ends, in ms from its start: after its last sample above -40 dBFS (espeak-ng's
     * file ends in a short silence of its own, which {@link #phraseMs()} includes).
     */
    long voicedMs() {
        int last = phrase.length - 1;
        while (last > 0 && Math.abs(phrase[last]) < VOICED) {
            last--;
        }
        return Pcm16.millis(last + 1, RATE);
    }

    /** How long one phrase and its pause last, in ms (a whole number of frames). */
    long cycleMs() {
        return Pcm16.millis(cycle.length, RATE);
    }

    /**
     * What one client sends, as 20 ms PCM16LE frames: {@value #LEAD_MS} ms of background noise (the detector learns
     * the floor), then {@code cycles} times the phrase and its pause; the stream ends in a pause, so no utterance is
     * left open when it stops.
     */
    List<byte[]> frames(int cycles) {
        List<byte[]> frames = new ArrayList<>();
        short[] lead = noise(LEAD_MS * RATE / 1000, 1);
        addFrames(frames, lead);
        for (int i = 0; i < cycles; i++) {
            addFrames(frames, cycle);
        }
        return frames;
    }

    /** The same audio as one array of samples: what the engines are timed on after the detector cut it. */
    short[] samples(int cycles) {
        short[] lead = noise(LEAD_MS * RATE / 1000, 1);
        short[] all = new short[lead.length + cycles * cycle.length];
        System.arraycopy(lead, 0, all, 0, lead.length);
        for (int i = 0; i < cycles; i++) {
            System.arraycopy(cycle, 0, all, lead.length + i * cycle.length, cycle.length);
        }
        return all;
    }

    private static void addFrames(List<byte[]> frames, short[] samples) {
        for (int from = 0; from < samples.length; from += FRAME_SAMPLES) {
            frames.add(Pcm16.bytes(samples, from, Math.min(samples.length, from + FRAME_SAMPLES)));
        }
    }

    private static short[] noise(int samples, long seed) {
        Random random = new Random(seed);
        short[] noise = new short[samples];
        for (int i = 0; i < samples; i++) {
            noise[i] = (short) Math.round(random.nextGaussian() * 25);
        }
        return noise;
    }

    private static void run(String... command) throws IOException {
        OwnedProcess owned;
        try {
            owned = OwnedProcess.startTask(command[0], new ProcessBuilder(command).redirectErrorStream(true),
                    Duration.ofSeconds(1));
        }
        catch (IOException e) {
            throw new IllegalStateException(command[0] + " is not installed; the voice benchmarks need espeak-ng and "
                    + "sox (apt-get install espeak-ng sox): " + e.getMessage(), e);
        }
        try (owned) {
            Process process = owned.process();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }
}
