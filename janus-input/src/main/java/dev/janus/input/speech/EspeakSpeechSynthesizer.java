package dev.janus.input.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.process.OwnedProcess;
import dev.janus.input.audio.WavFile;

/**
 * Speech by the {@code espeak-ng} command (Debian package {@code espeak-ng}): the text goes in on standard input
 * (never on the command line), a WAV comes out on standard output. Robotic but offline and fast. Each run is an
 * {@link OwnedProcess}: one that takes longer than the timeout is stopped with what it started, and none outlives
 * the JVM.
 */
public final class EspeakSpeechSynthesizer implements SpeechSynthesizer {

    /** The engine's name in configuration. */
    public static final String NAME = "espeak-ng";

    private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
    /** How long a run that is stopped gets to exit, after its input is closed and again after SIGTERM. */
    private static final Duration STOP_GRACE = Duration.ofMillis(500);

    private final SpeechProperties.Espeak settings;

    public EspeakSpeechSynthesizer(SpeechProperties.Espeak settings) {
        this.settings = settings;
    }

    /** Whether the command runs here: {@code <command> --version} succeeds within five seconds. */
    public static boolean isInstalled(String command) {
        try (OwnedProcess version = OwnedProcess.startTask(command + " --version", new ProcessBuilder(command,
                "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD), STOP_GRACE)) {
            return version.process().waitFor(5, TimeUnit.SECONDS) && version.process().exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WavFile synthesize(String text) {
        OwnedProcess espeak;
        try {
            espeak = OwnedProcess.startTask(NAME, new ProcessBuilder(List.of(settings.command(), "--stdout", "-v",
                    settings.voice(), "-s", String.valueOf(settings.wordsPerMinute())))
                    .redirectError(ProcessBuilder.Redirect.DISCARD), STOP_GRACE);
        }
        catch (IOException e) {
            throw new SpeechException("could not run " + settings.command() + " (install espeak-ng or set "
                    + "janus.input.voice.speech.engine): " + e.getMessage(), e);
        }
        try (espeak) {
            Process process = espeak.process();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            try (OutputStream input = process.getOutputStream()) {
                input.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] wav = output.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new SpeechException(settings.command() + " failed (exit " + (process.isAlive() ? "timeout"
                        : process.exitValue()) + ")");
            }
            return WavFile.parse(wav);
        }
        catch (IOException | ExecutionException | IllegalArgumentException e) {
            throw new SpeechException(settings.command() + " produced no usable audio: " + e.getMessage(), e);
        }
        catch (TimeoutException e) {
            throw new SpeechException(settings.command() + " took longer than " + settings.timeout(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while speaking", e);
        }
    }

    private static byte[] read(InputStream in) {
        try {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES);
            return bytes;
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
