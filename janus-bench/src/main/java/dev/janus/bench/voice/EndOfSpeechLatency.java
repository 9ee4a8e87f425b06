package dev.janus.bench.voice;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

import dev.janus.bench.GcActivity;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.ResultTable;
import dev.janus.bench.bus.LatencySamples;
import dev.janus.input.audio.UtteranceSegmenter;
import dev.janus.input.audio.VoiceActivity;
import dev.janus.input.audio.VoiceActivityDetectors;
import dev.janus.input.audio.VoiceProperties;

/**
 * What the voice path adds between the end of speech and the flow: {@value #STREAMS} audio clients
 * ({@link AudioClients}) stream espeak-ng speech ({@link SpokenTrack}: a phrase, 1.5 s of quiet, repeated) in 20 ms
 * frames at real-time pace into the input service started in this JVM ({@link RunningInput}: {@code /ws/audio}, the
 * detector, the transcription component on the in-memory bus, the OpenAI-compatible engine against an
 * {@link InstantTranscriptionServer} on loopback), once with each detector ({@code silero}, then {@code energy}).
 * Clients start a {@value #STREAMS}th of a phrase cycle apart, so their utterances end at different moments, as
 * independent speakers' do.
 * <p>
 * Per utterance ({@link VoiceEvents}): from the detector's decision — the timestamp of {@code input.speech.ended},
 * which the audio track stamps when the detector decides, mapped from the wall clock onto {@link System#nanoTime} — to
 * the start of the bench's own handler of the {@code input.message.received} its text became (so delivery to a
 * consumer is in the figure), minus the engine's own time as the transcription component measured it ({@code engine_ms}, whole
 * milliseconds, rounded down: the remainder is overstated by less than 1 ms). {@value #WARMUP_SECONDS} s of warm-up,
 * then utterances whose end falls in the next {@value #MEASURE_SECONDS} s are measured, with the JVM's CPU over the
 * same window. The configured hang-over (silence the detector waits before deciding) is reported beside it: it comes
 * before the decision and is not part of the figure. Each detector is also measured alone, on one thread: its CPU
 * per real-time stream (CPU time over the audio's duration), and how long after each phrase really ends (known from
 * the track) it decides the utterance ended, in audio time: the hang-over plus the detector's own lag.
 */
public final class EndOfSpeechLatency {

    /** The benchmark, on the command line and in the table. */
    public static final String NAME = "voice.end-of-speech";

    static final int STREAMS = 20;
    static final int WARMUP_SECONDS = 10;
    static final int MEASURE_SECONDS = 60;
    static final int DRAIN_SECONDS = 20;

    static final int DETECTOR_SECONDS = 120;

    private static final double TARGET_P99_MILLIS = 20.0;

    private final Path workDirectory;

    /** @param workDirectory where the generated speech is written */
    public EndOfSpeechLatency(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** Runs the benchmark with each detector and records its figures in {@code table}. */
    public void run(ResultTable table) throws IOException {
        SpokenTrack track = SpokenTrack.generate(workDirectory);
        for (String engine : List.of(VoiceProperties.Vad.SILERO, VoiceProperties.Vad.ENERGY)) {
            detectorAlone(table, track, engine);
            run(table, track, engine);
        }
    }

    /** One detector's CPU per real-time stream, alone: {@value #DETECTOR_SECONDS} s of the speech, one thread. */
    private static void detectorAlone(ResultTable table, SpokenTrack track, String engine) {
        VoiceProperties.Vad settings = VoiceProperties.Vad.defaults().withEngine(engine);
        int cycles = (int) Math.ceil(DETECTOR_SECONDS * 1000.0 / track.cycleMs());
        short[] audio = track.samples(cycles);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (VoiceActivityDetectors detectors = VoiceActivityDetectors.of(settings)) {
            // a warm-up pass, then the measured one on a fresh detector (its own state, as a new track)
            long cpu = 0;
            long[] lags = new long[0];
            for (int pass = 0; pass < 2; pass++) {
                UtteranceSegmenter segmenter = new UtteranceSegmenter(detectors.forNewTrack(), settings);
                List<Long> decided = new ArrayList<>();
                long before = threads.getCurrentThreadCpuTime();
                for (int at = 0; at < audio.length; at += SpokenTrack.FRAME_SAMPLES) {
                    int end = Math.min(audio.length, at + SpokenTrack.FRAME_SAMPLES);
                    for (VoiceActivity activity : segmenter.accept(Arrays.copyOfRange(audio, at, end))) {
                        if (activity instanceof VoiceActivity.UtteranceEnded) {
                            decided.add((long) end);
                        }
                    }
                }
                cpu = threads.getCurrentThreadCpuTime() - before;
                lags = lagsMicros(track, decided);
            }
            double audioSeconds = audio.length / (double) SpokenTrack.RATE;
            table.add(NAME, "detector alone, CPU per stream, " + engine, cpu / 1e9 / audioSeconds * 100,
                    "% of a core", null, String.format(Locale.ROOT, "janus.input.voice.vad.engine=%s: %.0f s of the "
                            + "speech in 20 ms frames through the utterance buffer with a fresh detector on one thread "
                            + "(after a warm-up pass), thread CPU time / audio duration; %.1f µs per 20 ms frame",
                            engine, audioSeconds, cpu / 1e3 / (audio.length / (double) SpokenTrack.FRAME_SAMPLES)));
            LatencySamples lag = new LatencySamples(lags);
            table.add(NAME, "end of speech -> detector's decision p50, audio time, " + engine, lag.millisAt(0.50),
                    "ms", null, String.format(Locale.ROOT, "from where each phrase's speech ends (its last sample "
                            + "above -40 dBFS) to the end of the frame after which the %s detector decided its "
                            + "utterance ended, in audio time: the hang-over (%d ms) plus the detector's own lag; %d "
                            + "utterances cut from %d phrases; %s", engine, settings.hangOver().toMillis(),
                            lags.length, cycles, lag.summary()));
            table.add(NAME, "end of speech -> detector's decision max, audio time, " + engine, lag.millisAt(1.0),
                    "ms", null, "");
        }
    }

    /** Per utterance cut, how long after its phrase really ended it was decided, in µs of audio. */
    private static long[] lagsMicros(SpokenTrack track, List<Long> decidedAtSample) {
        long lead = SpokenTrack.LEAD_MS * SpokenTrack.RATE / 1000;
        long cycle = track.cycleMs() * SpokenTrack.RATE / 1000;
        long voiced = track.voicedMs() * SpokenTrack.RATE / 1000;
        long[] lags = new long[decidedAtSample.size()];
        for (int i = 0; i < lags.length; i++) {
            long decided = decidedAtSample.get(i);
            long cycleIndex = Math.max(0, (decided - lead - voiced) / cycle);
            lags[i] = (decided - (lead + cycleIndex * cycle + voiced)) * 1_000_000 / SpokenTrack.RATE;
        }
        return lags;
    }

    private void run(ResultTable table, SpokenTrack track, String engine) throws IOException {
        int cycleFrames = (int) (track.cycleMs() / SpokenTrack.FRAME_MS);
        // every client streams through the whole measured window, and ends in a pause
        int cycles = (int) Math.ceil((WARMUP_SECONDS + MEASURE_SECONDS) * 1000.0 / track.cycleMs()) + 1;
        List<byte[]> frames = track.frames(cycles);
        int[] offsets = new int[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            offsets[i] = i * cycleFrames / STREAMS;
        }
        ExecutorService ticker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bench-audio-ticker"));
        try (InstantTranscriptionServer server = new InstantTranscriptionServer();
                RunningInput app = RunningInput.start(server.url(), engine);
                VoiceEvents events = new VoiceEvents(app.bus());
                AudioClients clients = new AudioClients(app.audioSocket(), STREAMS)) {
            long start = System.nanoTime();
            CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> clients.stream(frames, offsets), ticker);
            long from = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            long to = from + TimeUnit.SECONDS.toNanos(MEASURE_SECONDS);
            parkUntil(from);
            CpuSplit cpuBefore = CpuSplit.sample();
            GcActivity gcBefore = GcActivity.sinceStart();
            parkUntil(to);
            CpuSplit cpuAfter = CpuSplit.sample();
            GcActivity gc = GcActivity.sinceStart().minus(gcBefore);
            streaming.join();
            List<VoiceEvents.Utterance> utterances = events.endedBetween(from, to, Duration.ofSeconds(DRAIN_SECONDS));
            record(table, engine, app.voice(), track, utterances, cpuAfter, cpuBefore, gc, clients, server,
                    events.rejections());
        }
        finally {
            ticker.shutdownNow();
        }
    }

    private static void record(ResultTable table, String detector, VoiceProperties voice, SpokenTrack track,
            List<VoiceEvents.Utterance> utterances, CpuSplit cpuAfter, CpuSplit cpuBefore, GcActivity gc,
            AudioClients clients, InstantTranscriptionServer server, List<String> rejections) {
        if (utterances.isEmpty()) {
            throw new IllegalStateException("no utterance ended within the measured window: the " + detector
                    + " detector cut nothing (" + clients.errors() + ")");
        }
        long lost = utterances.stream().filter(u -> !u.complete()).count();
        LatencySamples withoutEngine = samples(utterances, VoiceEvents.Utterance::withoutEngineMicros);
        LatencySamples withEngine = samples(utterances, VoiceEvents.Utterance::withEngineMicros);
        LatencySamples byReceipts = samples(utterances, VoiceEvents.Utterance::receiptsWithoutEngineMicros);
        LatencySamples byTimestamps = samples(utterances, VoiceEvents.Utterance::timestampsWithoutEngineMicros);
        LatencySamples engine = samples(utterances, u -> u.transcript().engineMillis() * 1_000);
        String how = String.format(Locale.ROOT, "janus.input.voice.vad.engine=%s; %d streams of 20 ms frames at "
                + "real-time pace (a %d ms phrase, %d ms of quiet, repeated; clients a %dth of a cycle apart), %d s "
                + "warm-up, utterances ending in the next "
                + "%d s; from the detector's decision (input.speech.ended's own timestamp, mapped from the wall clock "
                + "onto nanoTime) to the start of the bench's handler of the input.message.received the text became, "
                + "minus engine_ms (whole ms, so overstated by < 1 ms): %s; %d of %d without a message within %d s; "
                + "the same between the bench's receipts of both events: %s; between both events' own timestamps "
                + "(message created, not yet delivered): %s; %d GC pauses (%d ms) in the window; ticker at most "
                + "%.1f ms late; %s; %d transcripts refused as messages%s", detector, STREAMS, track.phraseMs(),
                track.cycleMs() - track.phraseMs(), STREAMS, WARMUP_SECONDS, MEASURE_SECONDS,
                withoutEngine.summary(), lost, utterances.size(), DRAIN_SECONDS, byReceipts.summary(),
                byTimestamps.summary(),
                gc.collections(), gc.millis(), clients.maxTickLatenessMillis(), clients.errors(), rejections.size(),
                rejections.isEmpty() ? "" : " (" + rejections.get(0) + ")");
        table.add(NAME, "speech ended -> message received p50, engine excluded, " + detector,
                withoutEngine.millisAt(0.50), "ms", null, how);
        table.add(NAME, "speech ended -> message received p99, engine excluded, " + detector,
                withoutEngine.millisAt(0.99), "ms", Target.atMost(TARGET_P99_MILLIS), "");
        table.add(NAME, "speech ended -> message received max, engine excluded, " + detector,
                withoutEngine.millisAt(1.0), "ms", null, "");
        table.add(NAME, "utterances measured, " + detector, withoutEngine.count(), "utterances", null,
                String.format(Locale.ROOT, "over %d streams, %d incomplete", STREAMS, lost));
        table.add(NAME, "configured end-of-speech hang-over, " + detector, voice.vad().hangOver().toMillis(), "ms",
                null, "janus.input.voice.vad.hang-over: the silence the detector waits before it decides the utterance "
                        + "ended; it comes before the figures above, so a speaker waits hang-over + that delay + the "
                        + "engine's time for the message");
        table.add(NAME, "speech ended -> message received p99, engine included, " + detector,
                withEngine.millisAt(0.99), "ms", null, "the same with the OpenAI-compatible engine's round trip to the "
                        + "instant loopback server: "
                        + withEngine.summary());
        table.add(NAME, "engine_ms p99 (instant server), " + detector, engine.millisAt(0.99), "ms", null,
                String.format(Locale.ROOT, "the transcription component's own measure of engine.transcribe "
                        + "(multipart WAV, HTTP round trip, "
                        + "JSON); %s; the server's own handling averaged %.3f ms over %d requests (%d refused)",
                engine.summary(), server.answered() == 0 ? 0 : server.handlingNanos() / 1e6 / server.answered(),
                server.answered(), server.rejected()));
        double process = cpuAfter.processCores(cpuBefore);
        double input = cpuAfter.inputCores(cpuBefore);
        double bench = cpuAfter.benchCores(cpuBefore);
        table.add(NAME, "CPU per stream, whole JVM, " + detector, process * 100 / STREAMS, "% of a core", null,
                String.format(Locale.ROOT, "this JVM's CPU time over the %d s window / %d streams: %.3f cores in all, "
                        + "of which the input service's own threads (Tomcat http-nio-* with the socket and detector, "
                        + "bus lanes janus-* with the transcription component) %.3f, the bench's threads (ticker, "
                        + "clients' executor, transcription server, its bus group) %.3f, and %.3f unattributed (HTTP "
                        + "client selector threads of both the bench's WebSocket clients and the engine, GC, JIT) of %d "
                        + "cores", MEASURE_SECONDS, STREAMS, process, input, bench, process - input - bench,
                        Runtime.getRuntime().availableProcessors()));
        table.add(NAME, "CPU per stream, input service's own threads, " + detector, input * 100 / STREAMS,
                "% of a core", null, "Tomcat's http-nio-* and the bus lanes janus-* only: a floor for the service's cost "
                        + "per stream (the "
                        + "engine's HTTP client selector, GC and JIT are not in it)");
    }

    private static LatencySamples samples(List<VoiceEvents.Utterance> utterances,
            ToLongFunction<VoiceEvents.Utterance> micros) {
        return new LatencySamples(utterances.stream()
                .mapToLong(u -> u.complete() ? micros.applyAsLong(u) : LatencySamples.MISSING).toArray());
    }

    private static void parkUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
