package dev.janus.bench.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import dev.janus.bench.GcActivity;
import dev.janus.bench.JitWarmup;
import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.ResultTable;
import dev.janus.bench.bus.FixedRate;
import dev.janus.bench.bus.LatencySamples;
import dev.janus.bench.bus.LettuceHopChain;
import dev.janus.bus.config.BusProperties.BusType;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.models.embedding.RecentEmbeddings;
import dev.janus.orchestrator.intent.IntentClassifier;
import org.jspecify.annotations.Nullable;

/**
 * Latency of a whole conversation turn through the real orchestrator application ({@link RunningOrchestrator}): from
 * just before {@code input.message.received} is published to the start of the handler, in a consumer group of the
 * bench's own, of the {@code orchestrator.response.ready} with the same correlation id. In between: the MiniLM
 * intent classification on the classifier threads, the join, {@code orchestrator.llm.requested}, the LLM component on
 * the offline responder, {@code llm.response.generated} and the response assembly, with the memory and tools
 * components running beside it (context assembly, recall, tool calls). Each message opens a conversation of its own.
 * <p>
 * For each rate of {@link #RATES}: messages at that rate until the JIT has gone quiet ({@link JitWarmup}: a JIT quiet at
 * 50/s compiled again for most of half a core once the rate went to 200/s), {@value #WARMUP_SECONDS} s more at the
 * rate and {@value #MEASURE_SECONDS} s measured; the classifier alone is timed last, as a floor (timed first, right after
 * the application started, it shared the cores with the JIT compiling the application: {@code flow.redis} gave 3.85 ms
 * p50 that way and 2.44 ms timed last, on one host). The DIAGNOSTIC variants start the application again, with a
 * classifier bean of its own that answers at once (the flow's own overhead without the model's time), and with the
 * orchestrator alone, and measure {@value #DIAGNOSTIC_RATE}/s the same way. On Redis, the turn's
 * {@value #TURN_HOPS} hops alone are timed last at each rate with plain Lettuce consumers ({@link LettuceHopChain}):
 * the floor a turn's latency is set against, as a multiple.
 */
public final class ConversationLatency {

    /** The benchmark on the in-memory bus, on the command line and in the table. */
    public static final String MEMORY = "flow.memory";

    /** The benchmark on the Redis Streams bus. */
    public static final String REDIS = "flow.redis";

    static final List<Integer> RATES = List.of(50, 200);
    static final int DIAGNOSTIC_RATE = 200;
    /** The rate whose turns are broken down into stages ({@link FlowStages}). */
    static final int STAGES_RATE = 50;
    private static final int JIT_ROUND_SECONDS = 2;
    private static final int JIT_MAX_ROUNDS = 30;
    static final int WARMUP_SECONDS = 2;
    static final int MEASURE_SECONDS = 10;
    static final int DRAIN_TIMEOUT_SECONDS = 30;
    static final int FLOOR_WARMUP = 30;
    static final int FLOOR_SAMPLES = 150;
    static final int FLOOR_PARALLEL_SAMPLES = 200;
    /** The hops a turn's events take one after another: the tools and intent branches run beside memory's. */
    static final int TURN_HOPS = 6;
    /** The hop floor's warm-up at each rate: its code is small, and the JIT is done with it well within this. */
    static final int HOP_FLOOR_WARMUP_SECONDS = 10;

    /** The bench's consumer group on {@code orchestrator.response.ready}: a component of its own. */
    static final String GROUP = "janus-bench";

    private static final double MEMORY_TARGET_P50_MILLIS = 1.5;
    private static final double REDIS_TARGET_P50_MILLIS = 5.0;
    private static final double REDIS_TARGET_P99_MILLIS = 20.0;
    private static final int REDIS_TARGET_RATE = 200;

    private static final ClassifiedIntent INSTANT_INTENT = new ClassifiedIntent("question", 1.0, List.of());

    private final BusType engine;
    private final Path modelCache;

    /**
     * The benchmark on {@code engine}.
     *
     * @param modelCache where MiniLM's tokenizer unpacks its native library unless {@code DJL_CACHE_DIR} is set
     */
    public ConversationLatency(BusType engine, Path modelCache) {
        this.engine = engine;
        this.modelCache = modelCache;
    }

    /** Measures with the MiniLM classifier at every rate, then the diagnostic variant, and records percentiles. */
    public void run(ResultTable table, @Nullable RedisServer redis) throws Exception {
        if (engine == BusType.REDIS && redis == null) {
            throw new IllegalArgumentException(name() + " needs the bench's redis-server");
        }
        String redisUrl = redis == null ? null : redis.url();
        ChatMessages messages = new ChatMessages();
        Map<Integer, Phase> phases = new LinkedHashMap<>();
        ClassifierFloor floor;
        int unanswered = 0;
        flush(redis);
        try (RunningOrchestrator app = RunningOrchestrator.start(engine, redisUrl, null, modelCache, true);
                Responses responses = new Responses(app.bus())) {
            LatelySentTexts sent = new LatelySentTexts();
            for (int rate : RATES) {
                // the stages' own consumers cost a few % of the CPU: timed where the flow is not CPU-bound
                responses.timeStages(rate == STAGES_RATE);
                Phase phase = measure(app.bus(), responses, messages, sent, rate, redis);
                phases.put(rate, phase);
                unanswered = phase.lost();
            }
            floor = ClassifierFloor.measure(app.classifier(), app.classifierThreads(), messages);
        }
        flush(redis);
        Phase diagnostic;
        IntentClassifier instant = text -> INSTANT_INTENT;
        try (RunningOrchestrator app = RunningOrchestrator.start(engine, redisUrl, instant, modelCache, true);
                Responses responses = new Responses(app.bus())) {
            diagnostic = measure(app.bus(), responses, messages, new LatelySentTexts(), DIAGNOSTIC_RATE, redis);
        }
        flush(redis);
        Phase alone;
        try (RunningOrchestrator app = RunningOrchestrator.start(engine, redisUrl, null, modelCache, false);
                Responses responses = new Responses(app.bus())) {
            alone = measure(app.bus(), responses, messages, new LatelySentTexts(), DIAGNOSTIC_RATE, redis);
        }
        flush(redis);
        Map<Integer, LatencySamples> hopFloors = new LinkedHashMap<>();
        if (engine == BusType.REDIS && redis != null) {
            for (int rate : RATES) {
                hopFloors.put(rate, new LettuceHopChain(TURN_HOPS).run(redis, rate, rate * HOP_FLOOR_WARMUP_SECONDS,
                        rate * MEASURE_SECONDS));
            }
        }

        for (Phase phase : phases.values()) {
            table.add(name(), "input->response p50 at " + phase.rate() + "/s", phase.samples().millisAt(0.50), "ms",
                    p50Target(phase.rate()), phase.describe("MiniLM classifier, memory and tools components running"));
            table.add(name(), "input->response p99 at " + phase.rate() + "/s", phase.samples().millisAt(0.99), "ms",
                    p99Target(phase.rate()), "");
            table.add(name(), "input->response p50 at " + phase.rate() + "/s, texts not sent lately (diagnostic)",
                    phase.newTexts().millisAt(0.50), "ms", null, phase.describeNewTexts());
            if (phase.cost() != null) {
                table.add(name(), "CPU per turn at " + phase.rate() + "/s, this JVM without its JIT",
                        phase.cost().jvmMillis(), "ms", null, phase.cost().describe());
            }
        }
        hopFloors.forEach((rate, hops) -> {
            table.add(name(), "floor: the turn's " + TURN_HOPS + " hops, plain Lettuce, p50 at " + rate + "/s",
                    hops.millisAt(0.50), "ms", null, String.format(Locale.ROOT, "the hops a turn's events take one "
                            + "after another (message, context request, context, LLM request, reply, response), each "
                            + "a plain Lettuce consumer: XREADGROUP COUNT 500 BLOCK 100, decode, encode, XADD to the "
                            + "next, one XACK per batch; nothing else (LettuceHopChain), after the flow, %d s warm-up "
                            + "and %d s measured at the rate: %s", HOP_FLOOR_WARMUP_SECONDS, MEASURE_SECONDS,
                            hops.summary()));
            table.add(name(), "floor: the turn's " + TURN_HOPS + " hops, plain Lettuce, p99 at " + rate + "/s",
                    hops.millisAt(0.99), "ms", null, "");
            Phase phase = Objects.requireNonNull(phases.get(rate), "each rate was measured");
            table.add(name(), "input->response p50 / hop floor p50 at " + rate + "/s",
                    phase.samples().millisAt(0.50) / hops.millisAt(0.50), "ratio", null,
                    "the turn's p50 as a multiple of its hops' alone (on a machine the flow saturates, mostly "
                            + "the turns' wait for a core)");
        });
        table.add(name(), "DIAGNOSTIC instant classifier: input->response p50 at " + diagnostic.rate() + "/s",
                diagnostic.samples().millisAt(0.50), "ms", null, diagnostic.describe("the application's own "
                        + "IntentClassifier bean answering at once (OrchestratorConfiguration's @ConditionalOnMissingBean "
                        + "backs off, MiniLM is not loaded): the flow's own overhead"));
        table.add(name(), "DIAGNOSTIC instant classifier: input->response p99 at " + diagnostic.rate() + "/s",
                diagnostic.samples().millisAt(0.99), "ms", null, "");
        table.add(name(), "DIAGNOSTIC orchestrator alone: input->response p50 at " + alone.rate() + "/s",
                alone.samples().millisAt(0.50), "ms", null, alone.describe("MiniLM classifier, the memory and tools "
                        + "branches off (no memory or tools component running)"));
        table.add(name(), "DIAGNOSTIC orchestrator alone: input->response p99 at " + alone.rate() + "/s",
                alone.samples().millisAt(0.99), "ms", null, "");
        table.add(name(), "floor: MiniLM classify() alone p50", floor.alone().millisAt(0.50), "ms", null,
                floor.describe() + (unanswered == 0 ? "" : String.format(Locale.ROOT, "; timed while the %d messages "
                        + "the last rate left unanswered were still in the flow", unanswered)));
        for (Phase phase : phases.values()) {
            table.add(name(), "JIT warm-up at " + phase.rate() + "/s before it was measured", phase.jit().seconds(),
                    "s", null, phase.jit().describe());
        }
    }

    /** Messages at {@code rate} in rounds until the JIT goes quiet. */
    private static JitWarmup warmUp(EventBus bus, Responses responses, ChatMessages messages, LatelySentTexts sent,
            int rate) throws Exception {
        return JitWarmup.until(JIT_ROUND_SECONDS + " s at " + rate + " messages/s", JIT_MAX_ROUNDS,
                () -> send(bus, responses, messages, sent, rate, rate * JIT_ROUND_SECONDS, 0, null));
    }

    /** {@value #MEMORY} or {@value #REDIS}. */
    public String name() {
        return engine == BusType.REDIS ? REDIS : MEMORY;
    }

    private @Nullable Target p50Target(int rate) {
        if (engine == BusType.MEMORY) {
            return Target.atMost(MEMORY_TARGET_P50_MILLIS);
        }
        return rate == REDIS_TARGET_RATE ? Target.atMost(REDIS_TARGET_P50_MILLIS) : null;
    }

    private @Nullable Target p99Target(int rate) {
        return engine == BusType.REDIS && rate == REDIS_TARGET_RATE ? Target.atMost(REDIS_TARGET_P99_MILLIS) : null;
    }

    /**
     * The JIT warmed up at {@code rate}, then {@value #WARMUP_SECONDS} s of warm-up and {@value #MEASURE_SECONDS} s
     * measured at it.
     */
    private static Phase measure(EventBus bus, Responses responses, ChatMessages messages, LatelySentTexts sent,
            int rate, @Nullable RedisServer redis) throws Exception {
        JitWarmup jit = warmUp(bus, responses, messages, sent, rate);
        int warmup = rate * WARMUP_SECONDS;
        Round round = send(bus, responses, messages, sent, rate, warmup, rate * MEASURE_SECONDS, redis);
        long[] micros = new long[round.total() - warmup];
        List<Long> newTexts = new ArrayList<>();
        int lost = 0;
        for (int i = warmup; i < round.total(); i++) {
            long latency = round.latencyMicros(i);
            lost += latency == LatencySamples.MISSING ? 1 : 0;
            micros[i - warmup] = latency;
            if (!round.sentLately(i)) {
                newTexts.add(latency);
            }
        }
        return new Phase(rate, jit, new LatencySamples(micros),
                new LatencySamples(newTexts.stream().mapToLong(Long::longValue).toArray()), lost, round.drainMillis(),
                round.gcCount(),
                round.gcMillis(), round.cpu(), round.cost,
                round.stages == null ? "" : "; each event of the turn " + round.stages.describe(warmup));
    }

    /**
     * Publishes {@code warmup + measured} messages at {@code rate}, then waits up to {@value #DRAIN_TIMEOUT_SECONDS} s
     * for their responses; garbage collections and CPU are counted over the measured ones.
     */
    private static Round send(EventBus bus, Responses responses, ChatMessages messages, LatelySentTexts sent,
            int rate, int warmup, int measured, @Nullable RedisServer redis) throws IOException {
        Round round = responses.begin(warmup + measured);
        FixedRate pace = new FixedRate(rate, 100);
        GcActivity gcBefore = GcActivity.sinceStart();
        CpuUse cpuBefore = CpuUse.sample();
        long commandsBefore = -1;
        for (int i = 0; i < round.total(); i++) {
            if (i == warmup) {
                if (measured > 0) {
                    // a mark in the output for a profiler attached by hand
                    System.out.printf(Locale.ROOT, "   %d/s: the measured stretch begins (%d s)%n", rate,
                            measured / rate);
                }
                gcBefore = GcActivity.sinceStart();
                commandsBefore = redis == null ? -1 : redis.commandCalls();
                cpuBefore = CpuUse.sample();
            }
            JanusEvent message = messages.next();
            round.expect(message.correlationId(), i,
                    sent.send(message.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()));
            pace.awaitNext();
            round.sent(i, System.nanoTime());
            bus.publish(message);
        }
        CpuUse cpuAfter = CpuUse.sample();
        long commands = redis == null ? -1 : redis.commandCalls() - commandsBefore;
        round.cpu = cpuAfter.since(cpuBefore);
        double seconds = cpuAfter.secondsSince(cpuBefore);
        round.cost = measured == 0 ? null : cpuAfter.coresSince(cpuBefore)
                .map(cores -> TurnCost.of(cores, seconds, measured, commands)).orElse(null);
        GcActivity gc = GcActivity.sinceStart().minus(gcBefore);
        round.awaitResponses(DRAIN_TIMEOUT_SECONDS, gc.collections(), gc.millis());
        responses.end();
        return round;
    }

    private static void flush(@Nullable RedisServer redis) throws IOException {
        if (redis != null) {
            redis.flushAll();
        }
    }

    /** The bench's subscription to {@code orchestrator.response.ready}, timing the responses of the current round. */
    private static final class Responses implements AutoCloseable {

        private final EventBus bus;
        private final Subscription subscription;
        private @Nullable FlowStages stages;
        private volatile @Nullable Round current;

        Responses(EventBus bus) {
            this.bus = bus;
            this.subscription = bus.subscribe(EventType.ORCHESTRATOR_RESPONSE_READY.wireName(), GROUP, event -> {
                long now = System.nanoTime();
                Round round = current;
                if (round != null) {
                    round.responded(event.correlationId(), now);
                }
            });
        }

        Round begin(int messages) {
            FlowStages timed = stages;
            Round round = new Round(messages, timed == null ? null : timed.begin(messages));
            current = round;
            return round;
        }

        void end() {
            current = null;
            if (stages != null) {
                stages.end();
            }
        }

        /** Starts or stops timing the stages of the rounds to come. */
        void timeStages(boolean on) {
            if (on && stages == null) {
                stages = new FlowStages(bus);
            }
            else if (!on && stages != null) {
                stages.close();
                stages = null;
            }
        }

        @Override
        public void close() {
            subscription.cancel();
            timeStages(false);
        }
    }

    /** The messages of one paced run: when each was sent and answered, by index. */
    private static final class Round {

        private final Map<String, Integer> pending = new ConcurrentHashMap<>();
        private final AtomicLongArray sentAt;
        private final AtomicLongArray answeredAt;
        private final boolean[] sentLately;
        private final AtomicInteger answered = new AtomicInteger();
        private final FlowStages.@Nullable Times stages;
        private long lastSentAt;
        private long drainMillis;
        private long gcCount;
        private long gcMillis;
        private String cpu = "";
        private @Nullable TurnCost cost;

        Round(int messages, FlowStages.@Nullable Times stages) {
            this.stages = stages;
            this.sentAt = new AtomicLongArray(messages);
            this.answeredAt = new AtomicLongArray(messages);
            this.sentLately = new boolean[messages];
        }

        int total() {
            return sentAt.length();
        }

        /** Expects an answer to the message {@code index}, whose text was sent lately or not. */
        void expect(String correlationId, int index, boolean lately) {
            sentLately[index] = lately;
            pending.put(correlationId, index);
            if (stages != null) {
                stages.expect(correlationId, index);
            }
        }

        void sent(int index, long nanos) {
            sentAt.set(index, nanos);
            if (stages != null) {
                stages.sent(index);
            }
            lastSentAt = nanos;
        }

        void responded(String correlationId, long nanos) {
            Integer index = pending.remove(correlationId);
            if (index != null) {
                answeredAt.set(index, nanos);
                answered.incrementAndGet();
            }
        }

        void awaitResponses(long timeoutSeconds, long gcCount, long gcMillis) {
            this.gcCount = gcCount;
            this.gcMillis = gcMillis;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (answered.get() < total() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            long last = 0;
            for (int i = 0; i < total(); i++) {
                last = Math.max(last, answeredAt.get(i));
            }
            drainMillis = last == 0 ? -1 : Math.max(0, (last - lastSentAt) / 1_000_000);
        }

        long latencyMicros(int index) {
            long answer = answeredAt.get(index);
            return answer == 0 ? LatencySamples.MISSING : (answer - sentAt.get(index)) / 1_000;
        }

        long drainMillis() {
            return drainMillis;
        }

        boolean sentLately(int index) {
            return sentLately[index];
        }

        long gcCount() {
            return gcCount;
        }

        long gcMillis() {
            return gcMillis;
        }

        String cpu() {
            return cpu;
        }
    }

    /**
     * @param newTexts the latencies of the measured messages whose text was not sent lately, so that the classifier
     *        embedded it
     */
    private record Phase(int rate, JitWarmup jit, LatencySamples samples, LatencySamples newTexts, int lost,
            long drainMillis, long gcCount, long gcMillis, String cpu, @Nullable TurnCost cost, String stages) {

        String describeNewTexts() {
            int repeated = samples.count() - newTexts.count();
            return String.format(Locale.ROOT, "%,d of the %,d messages (%.0f%%) had a text sent lately (greetings, "
                    + "thanks, a question asked again: the last %,d distinct texts), whose embedding the classifier "
                    + "kept; these are the other %,d, each embedded by MiniLM: %s", repeated, samples.count(),
                    100.0 * repeated / samples.count(), RecentEmbeddings.CAPACITY, newTexts.count(),
                    newTexts.summary());
        }

        String describe(String classifier) {
            return String.format(Locale.ROOT, "%s; %,d conversations at %d/s after the JIT warm-up at the rate (%d "
                    + "rounds%s) and %d s more, publish input.message.received -> handler start of its "
                    + "orchestrator.response.ready (group %s); %s; %d not answered within %d s; last answer %d ms after "
                    + "the last message; %d GC pauses (%d ms) meanwhile%s%s", classifier,
                    samples.count(), rate, jit.rounds(), jit.quiet() ? "" : ", not quiet yet", WARMUP_SECONDS, GROUP,
                    samples.summary(), lost, DRAIN_TIMEOUT_SECONDS, drainMillis, gcCount, gcMillis,
                    cpu.isEmpty() ? "" : "; " + cpu, stages);
        }
    }

    /**
     * The MiniLM classifier timed alone, once the flow's messages are answered: one sentence at a time, and as many at
     * once as the orchestrator has classifier threads, which bounds the messages per second the flow can classify.
     */
    private record ClassifierFloor(LatencySamples alone, String aloneCpu, int threads, double perSecond,
            String parallelCpu) {

        static ClassifierFloor measure(IntentClassifier classifier, int threads, ChatMessages messages) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < FLOOR_WARMUP + FLOOR_SAMPLES + FLOOR_PARALLEL_SAMPLES; i++) {
                texts.add(messages.text());
            }
            // every text forgotten first, so that each is embedded, as a text not sent lately is
            for (int i = 0; i < FLOOR_WARMUP; i++) {
                classifier.forgetRecentTexts();
                classifier.classify(texts.get(i));
            }
            long[] micros = new long[FLOOR_SAMPLES];
            CpuUse aloneBefore = CpuUse.sample();
            for (int i = 0; i < FLOOR_SAMPLES; i++) {
                classifier.forgetRecentTexts();
                long start = System.nanoTime();
                classifier.classify(texts.get(FLOOR_WARMUP + i));
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            String aloneCpu = CpuUse.sample().since(aloneBefore);
            List<String> parallel = texts.subList(FLOOR_WARMUP + FLOOR_SAMPLES, texts.size());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch done = new CountDownLatch(parallel.size());
                CpuUse parallelBefore = CpuUse.sample();
                long start = System.nanoTime();
                for (String text : parallel) {
                    pool.execute(() -> {
                        try {
                            classifier.forgetRecentTexts();
                            classifier.classify(text);
                        }
                        finally {
                            done.countDown();
                        }
                    });
                }
                done.await();
                double seconds = (System.nanoTime() - start) / 1e9;
                return new ClassifierFloor(new LatencySamples(micros), aloneCpu, threads, parallel.size() / seconds,
                        CpuUse.sample().since(parallelBefore));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while timing the classifier", e);
            }
            finally {
                pool.shutdownNow();
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "the context's classifier timed directly, after the flow ran, its "
                    + "recent texts forgotten before each sentence (so that each is embedded): %,d sentences one at a "
                    + "time after %d warm-up: %s (%s); %,d on %d threads at once (the "
                    + "orchestrator's janus.orchestrator.classifier-threads): %.0f sentences/s, the most messages/s "
                    + "the flow can classify (%s)", alone.count(), FLOOR_WARMUP, alone.summary(), aloneCpu,
                    FLOOR_PARALLEL_SAMPLES, threads, perSecond, parallelCpu);
        }
    }
}
