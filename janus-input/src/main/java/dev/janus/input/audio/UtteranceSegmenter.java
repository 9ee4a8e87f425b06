package dev.janus.input.audio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The utterance buffer of one track: feeds 16 kHz audio through a {@link VoiceActivityDetector} frame by frame
 * and cuts complete utterances, with pre-roll (audio before the detected start is kept, so soft onsets are not
 * clipped), a minimum speech length before speech counts as started, a hang-over of silence before it ends, and
 * a maximum length at which a long utterance is cut and a new one continues. Time is sample time: how fast audio
 * arrives does not matter. Not thread-safe: one track, one thread at a time.
 */
public final class UtteranceSegmenter {

    /** Silence kept after the last speech frame of an utterance, so final consonants are not clipped. */
    private static final int TAIL_MS = 100;

    private final VoiceActivityDetector detector;
    private final int frameSamples;
    private final int preRollFrames;
    private final int minSpeechFrames;
    private final int hangOverFrames;
    private final int maxUtteranceSamples;
    private final int tailSamples;

    private final short[] pending;
    private int pendingCount;
    private final ArrayDeque<short[]> preRoll = new ArrayDeque<>();
    private final List<short[]> candidates = new ArrayList<>();
    private long processedSamples;

    private boolean speaking;
    private short[] utterance = new short[16_000];
    private int utteranceCount;
    private long utteranceStart;
    private int silentFrames;
    private int lastSpeechEnd;

    public UtteranceSegmenter(VoiceActivityDetector detector, VoiceProperties.Vad settings) {
        this.detector = detector;
        this.frameSamples = detector.frameSamples();
        int frameMs = (int) Pcm16.millis(frameSamples, VoiceProperties.PROCESSING_RATE);
        this.preRollFrames = (int) (settings.preRoll().toMillis() / frameMs);
        this.minSpeechFrames = Math.max(1, (int) Math.ceil(settings.minSpeech().toMillis() / (double) frameMs));
        this.hangOverFrames = Math.max(1, (int) Math.ceil(settings.hangOver().toMillis() / (double) frameMs));
        this.maxUtteranceSamples = (int) (settings.maxUtterance().toMillis() * VoiceProperties.PROCESSING_RATE / 1000);
        this.tailSamples = TAIL_MS * VoiceProperties.PROCESSING_RATE / 1000;
        this.pending = new short[frameSamples];
    }

    /** Whether the track is in an utterance now. */
    public boolean isSpeaking() {
        return speaking;
    }

    /** Feeds the next samples of the track; returns what they completed, in order. */
    public List<VoiceActivity> accept(short[] samples) {
        List<VoiceActivity> activity = new ArrayList<>(1);
        int at = 0;
        while (at < samples.length) {
            int take = Math.min(frameSamples - pendingCount, samples.length - at);
            System.arraycopy(samples, at, pending, pendingCount, take);
            pendingCount += take;
            at += take;
            if (pendingCount == frameSamples) {
                frame(pending.clone(), activity);
                pendingCount = 0;
            }
        }
        return activity;
    }

    /** Ends the track: an utterance in progress is complete with what it has. */
    public List<VoiceActivity> flush() {
        List<VoiceActivity> activity = new ArrayList<>(1);
        if (speaking) {
            activity.add(end(false));
        }
        candidates.clear();
        preRoll.clear();
        pendingCount = 0;
        return activity;
    }

    private void frame(short[] frame, List<VoiceActivity> activity) {
        long frameStart = processedSamples;
        processedSamples += frame.length;
        boolean speech = detector.isSpeech(frame, speaking);
        if (!speaking) {
            if (speech) {
                candidates.add(frame);
                if (candidates.size() >= minSpeechFrames) {
                    start(activity, frameStart - (long) (candidates.size() - 1) * frameSamples);
                }
            }
            else {
                candidates.forEach(this::remember);
                candidates.clear();
                remember(frame);
            }
            return;
        }
        append(frame);
        if (speech) {
            silentFrames = 0;
            lastSpeechEnd = utteranceCount;
        }
        else if (++silentFrames >= hangOverFrames) {
            activity.add(end(false));
            return;
        }
        if (utteranceCount + frameSamples > maxUtteranceSamples) {
            boolean stillSpeaking = silentFrames == 0;
            activity.add(end(stillSpeaking));
            if (stillSpeaking) {
                speaking = true;
                utteranceStart = processedSamples;
                activity.add(new VoiceActivity.SpeechStarted(Pcm16.millis(processedSamples,
                        VoiceProperties.PROCESSING_RATE)));
            }
        }
    }

    private void start(List<VoiceActivity> activity, long speechStart) {
        speaking = true;
        silentFrames = 0;
        utteranceCount = 0;
        utteranceStart = speechStart - (long) preRoll.size() * frameSamples;
        for (short[] frame : preRoll) {
            append(frame);
        }
        preRoll.clear();
        for (short[] frame : candidates) {
            append(frame);
        }
        candidates.clear();
        lastSpeechEnd = utteranceCount;
        activity.add(new VoiceActivity.SpeechStarted(Pcm16.millis(speechStart, VoiceProperties.PROCESSING_RATE)));
    }

    private VoiceActivity.UtteranceEnded end(boolean cut) {
        int keep = cut ? utteranceCount : Math.min(utteranceCount, lastSpeechEnd + tailSamples);
        short[] samples = Arrays.copyOf(utterance, keep);
        long speechEnd = utteranceStart + lastSpeechEnd;
        var ended = new VoiceActivity.UtteranceEnded(samples,
                Pcm16.millis(utteranceStart, VoiceProperties.PROCESSING_RATE),
                Pcm16.millis(speechEnd, VoiceProperties.PROCESSING_RATE), cut);
        // the silence after the speech is the pre-roll of what comes next
        if (!cut) {
            for (int from = Math.max(lastSpeechEnd, utteranceCount - preRollFrames * frameSamples);
                    from + frameSamples <= utteranceCount; from += frameSamples) {
                remember(Arrays.copyOfRange(utterance, from, from + frameSamples));
            }
        }
        speaking = false;
        utteranceCount = 0;
        silentFrames = 0;
        lastSpeechEnd = 0;
        return ended;
    }

    private void append(short[] frame) {
        if (utteranceCount + frame.length > utterance.length) {
            utterance = Arrays.copyOf(utterance, Math.max(utterance.length * 2, utteranceCount + frame.length));
        }
        System.arraycopy(frame, 0, utterance, utteranceCount, frame.length);
        utteranceCount += frame.length;
    }

    private void remember(short[] frame) {
        if (preRollFrames == 0) {
            return;
        }
        if (preRoll.size() == preRollFrames) {
            preRoll.removeFirst();
        }
        preRoll.addLast(frame);
    }
}
