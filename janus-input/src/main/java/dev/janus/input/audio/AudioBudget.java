package dev.janus.input.audio;

import java.util.Optional;
import java.util.function.LongSupplier;

import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.TokenBuckets;

/**
 * How much audio each principal may send, with API keys: {@code janus.input.voice.max-audio-rate} seconds of audio
 * per second over all its audio sockets on this node, and {@code janus.input.voice.audio-burst} at once. Audio sent
 * faster than it is spoken costs the detector, the batcher and the bus as much as speech does, so without a budget
 * one client streaming at wire speed keeps a core and Redis busy. Without keys (one person's Janus on loopback),
 * nothing is limited, as requests are not.
 */
public final class AudioBudget {

    private final boolean limited;
    private final double secondsPerSecond;
    private final TokenBuckets buckets;

    public AudioBudget(boolean secured, VoiceProperties properties) {
        this(secured, properties, System::nanoTime);
    }

    /** A budget on {@code nanoClock}, a monotonic clock in nanoseconds. */
    AudioBudget(boolean secured, VoiceProperties properties, LongSupplier nanoClock) {
        this.limited = secured;
        this.secondsPerSecond = properties.maxAudioRate();
        this.buckets = new TokenBuckets(properties.maxAudioRate(), properties.audioBurst().toMillis() / 1000.0,
                nanoClock);
    }

    /**
     * Takes {@code samples} at {@code rate} from {@code principal}'s budget: empty when they fit, else why they are
     * refused (nothing is taken then).
     */
    public Optional<String> take(JanusPrincipal principal, int samples, int rate) {
        if (!limited) {
            return Optional.empty();
        }
        long waitNanos = buckets.take(principal.name(), (double) samples / rate);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        return Optional.of("principal '" + principal.name() + "' sends audio faster than " + secondsPerSecond
                + " s per second (janus.input.voice.max-audio-rate): frames are dropped until it sends audio as it is "
                + "recorded; the next one fits in " + Math.max(1, (waitNanos + 999_999) / 1_000_000) + " ms");
    }
}
