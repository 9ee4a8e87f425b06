package dev.janus.bench.llm;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import dev.janus.bench.GcActivity;
import dev.janus.bench.JitWarmup;
import dev.janus.bench.ResultTable;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.bus.FixedRate;
import dev.janus.bench.bus.InstrumentedBuses;
import dev.janus.bench.bus.LatencySamples;
import dev.janus.bench.bus.RedisLatency;
import dev.janus.bus.config.BusProperties;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.AssembledContext;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.models.ChatModels;
import dev.janus.orchestrator.llm.LlmComponent;
import dev.janus.orchestrator.llm.LlmProperties;
import dev.janus.orchestrator.llm.OfflineResponder;
import dev.janus.orchestrator.llm.ToolCatalogueView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What the LLM component adds on top of its provider's own latency. The component is assembled as
 * {@code LlmConfiguration} assembles it ({@code janus.llm.provider=openai}, Spring AI's OpenAI chat model with
 * {@code spring.ai.openai.base-url} pointing at an {@link InstantOpenAiServer} on loopback), on an in-memory bus with
 * production metrics and tracing ({@link InstrumentedBuses}), each provider call observed as in the application
 * (Spring AI's chat observation, recorded by Micrometer's and Spring AI's meter handlers). Requests are published as
 * {@code orchestrator.llm.requested} at {@value #RATE}/s, each on a stream of its own: a warm-up burst and rounds until
 * the JIT is quiet ({@link #warmUp}), {@value #WARMUP_SECONDS} s more at the rate, then {@value #MEASURE_SECONDS} s
 * measured. The bench's own consumer group times, from just before the publish, the start of its handler of the
 * request's first {@code llm.response.delta} and of its {@code llm.response.generated}. The server's own time for the
 * same request (handler start to first text chunk flushed, and to last byte flushed, on the same clock) is
 * subtracted: what remains is the component's overhead — bus delivery both ways, prompt assembly, the HTTP client
 * and SSE parsing, delta coalescing and the final event. Before the requests, in the same run, the two references:
 * how late a thread sleeping at the rate wakes (the target's), and how long a relay of as many thread hand-offs as the
 * first delta's path takes ({@link HandOffRelay}).
 */
public final class LlmOverhead {

    /** The benchmark, on the command line and in the table. */
    public static final String NAME = "llm.overhead";

    static final int RATE = 100;
    static final int JIT_ROUND_SECONDS = 2;
    static final int JIT_MAX_ROUNDS = 30;
    /**
     * The warm-up burst ({@link #warmUp}). Without it, rounds at the measured rate went quiet (under 5 %, and under 1 %
     * in a trial) while the methods run once per request were still crossing C2's thresholds one at a time: 1.4–1.8 s
     * of compilation in the 30 measured seconds, and 26 of the 30 slowest requests (87 %) began within 20 ms after a
     * C2 compilation, against 15 % of requests taken at random ({@code -Xlog:jit+compilation} beside each request's
     * times). With it, 0.10–0.25 s, and the component's CPU per request halves.
     */
    static final int JIT_BURST_REQUESTS = 20_000;
    static final int JIT_BURST_RATE = 1_000;
    static final int WARMUP_SECONDS = 10;
    static final int MEASURE_SECONDS = 30;
    static final int DRAIN_TIMEOUT_SECONDS = 30;

    /** The bench's consumer group on the component's replies: a component of its own. */
    static final String GROUP = "janus-bench";

    private static final double TARGET_P99_OVERHEAD_MILLIS = 3.0;
    private static final String STREAM_PREFIX = "llm-bench-";
    private static final EventContext CONTEXT = new EventContext("janus-orchestrator", "user-1", "chat", null,
            Map.of());

    /**
     * The thread hand-offs on the path from the publish of a request to the bench's handler of its first delta, on
     * the component's side of the server: the request to the component's lane (which sends the request and reads the
     * reply itself, through the OpenAI SDK's blocking client), the request's bytes to the server's thread, the
     * response's bytes back to the lane, and the delta to the bench's lane. Spring AI's own streaming took seven: its
     * asynchronous client crosses the JDK's common pool, OkHttp's dispatcher and the SDK's stream handler, and the
     * lane waits for the end.
     */
    static final int HAND_OFFS_TO_FIRST_DELTA = 4;

    private LatencySamples timerLateness = new LatencySamples(new long[] { 0 });
    private LatencySamples relay = new LatencySamples(new long[] { 0 });

    /** Runs the benchmark and records its figures in {@code table}. */
    public void run(ResultTable table) throws Exception {
        timerLateness = RedisLatency.timerLateness(RATE, 10);
        relay = HandOffRelay.measure(HAND_OFFS_TO_FIRST_DELTA, RATE, MEASURE_SECONDS);
        int warmup = RATE * WARMUP_SECONDS;
        int total = warmup + RATE * MEASURE_SECONDS;
        Round round = new Round(total);
        try (InstantOpenAiServer server = new InstantOpenAiServer(total + JIT_BURST_REQUESTS
                + JIT_MAX_ROUNDS * RATE * JIT_ROUND_SECONDS);
                InstrumentedBuses buses = new InstrumentedBuses();
                InMemoryEventBus bus = buses.inMemory(BusProperties.defaults())) {
            LlmComponent component = component(bus, server.baseUrl(), buses.meters());
            if (!component.provider().name().equals("openai")) {
                throw new IllegalStateException("the LLM component answers with '" + component.provider().name()
                        + "', not openai");
            }
            component.start();
            Subscription replies = round.listen(bus);
            Warmup jit;
            try {
                jit = warmUp(bus, server, total);
                send(bus, round, warmup);
                round.awaitReplies(DRAIN_TIMEOUT_SECONDS);
            }
            finally {
                replies.cancel();
                component.stop();
            }
            record(table, round, server, warmup, jit);
        }
    }

    /**
     * The warm-up: {@value #JIT_BURST_REQUESTS} requests at {@value #JIT_BURST_RATE}/s, past the invocation counts
     * at which C2 compiles a method called once per request, then rounds of {@value #JIT_ROUND_SECONDS} s of requests
     * at the rate, each round answered before the next, until the JIT is quiet ({@link JitWarmup}). Their requests
     * are numbered after the measured ones and go on streams the measured round does not read.
     */
    private static Warmup warmUp(EventBus bus, InstantOpenAiServer server, int firstNumber) throws Exception {
        AtomicInteger next = new AtomicInteger(firstNumber);
        AtomicInteger unanswered = new AtomicInteger();
        long burstStart = System.nanoTime();
        unanswered.addAndGet(sendAndAwait(bus, server, next, JIT_BURST_REQUESTS, JIT_BURST_RATE));
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        JitWarmup rounds = JitWarmup.until(JIT_ROUND_SECONDS + " s at " + RATE + " requests/s", JIT_MAX_ROUNDS,
                () -> unanswered.addAndGet(sendAndAwait(bus, server, next, RATE * JIT_ROUND_SECONDS, RATE)));
        return new Warmup(burstSeconds, rounds, unanswered.get());
    }

    /**
     * Sends {@code count} warm-up requests at {@code rate} and waits until the server answered each, at most
     * {@value #DRAIN_TIMEOUT_SECONDS} s; returns how many it did not answer by then.
     */
    private static int sendAndAwait(EventBus bus, InstantOpenAiServer server, AtomicInteger next, int count,
            int rate) {
        FixedRate pace = new FixedRate(rate, 100);
        int first = next.get();
        for (int i = 0; i < count; i++) {
            int number = next.getAndIncrement();
            pace.awaitNext();
            bus.publish(request("llm-bench-warm-" + number, number));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS);
        int unanswered = 0;
        for (int number = first; number < next.get(); number++) {
            while (server.lastByteAt(number) == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            if (server.lastByteAt(number) == 0) {
                unanswered++;
            }
        }
        return unanswered;
    }

    /**
     * How the warm-up went: the burst, then the rounds until the JIT was quiet, and how many of their requests were
     * not answered within {@value #DRAIN_TIMEOUT_SECONDS} s.
     */
    private record Warmup(double burstSeconds, JitWarmup rounds, int unanswered) {

        double seconds() {
            return burstSeconds + rounds.seconds();
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d requests at %,d/s (%.1f s), then %s; %,d warm-up requests not "
                    + "answered within %d s", JIT_BURST_REQUESTS, JIT_BURST_RATE, burstSeconds, rounds.describe(),
                    unanswered, DRAIN_TIMEOUT_SECONDS);
        }
    }

    /** The component with the OpenAI provider at {@code baseUrl}, as the application builds it. */
    private static LlmComponent component(EventBus bus, String baseUrl, MeterRegistry meters) {
        ConfigurableEnvironment environment = new AbstractEnvironment() {
        };
        environment.getPropertySources().addFirst(new MapPropertySource("bench", Map.of(
                "janus.llm.provider", "openai",
                "spring.ai.openai.base-url", baseUrl,
                "spring.ai.openai.api-key", "bench",
                "spring.ai.openai.chat.options.model", InstantOpenAiServer.MODEL)));
        LlmProperties properties = Binder.get(environment).bind("janus.llm", LlmProperties.class)
                .orElseGet(LlmProperties::defaults);
        return LlmComponent.assemble(bus, properties, List.of(new OfflineResponder()), new ToolCatalogueView(),
                new ChatModels(environment, observations(meters)), meters);
    }

    /** Observations recorded as the application records them: Micrometer's timers and Spring AI's token counters. */
    private static ObservationRegistry observations(MeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new ChatModelMeterObservationHandler(meters));
        return observations;
    }

    /** Publishes every request at {@value #RATE}/s; GC, JIT and CPU are counted from the first measured one. */
    private static void send(EventBus bus, Round round, int warmup) {
        FixedRate pace = new FixedRate(RATE, 100);
        for (int i = 0; i < round.total(); i++) {
            if (i == warmup) {
                round.measuring();
            }
            JanusEvent request = request(STREAM_PREFIX + i, i);
            pace.awaitNext();
            round.sent(i, System.nanoTime());
            bus.publish(request);
        }
        round.sendingDone();
    }

    /** Request {@code number} (the server answers it by number), on a stream of its own. */
    private static JanusEvent request(String streamId, int number) {
        return JanusEvent.create(EventKeys.ORCHESTRATOR_LLM_REQUESTED, streamId, new LlmRequest(
                InstantOpenAiServer.message(number), "question", AssembledContext.empty(), List.of(), List.of()),
                CONTEXT);
    }

    private void record(ResultTable table, Round round, InstantOpenAiServer server, int warmup, Warmup jit) {
        int measured = round.total() - warmup;
        long[] toFirstDelta = new long[measured];
        long[] toGenerated = new long[measured];
        long[] firstDeltaOverhead = new long[measured];
        long[] generatedOverhead = new long[measured];
        long[] serverFirst = new long[measured];
        long[] serverAll = new long[measured];
        long[] beforeServer = new long[measured];
        long[] afterServer = new long[measured];
        int lost = 0;
        for (int i = warmup; i < round.total(); i++) {
            int j = i - warmup;
            long sent = round.sentAt.get(i);
            long firstDelta = round.firstDeltaAt.get(i);
            long generated = round.generatedAt.get(i);
            long received = server.receivedAt(i);
            long firstText = server.firstTextAt(i);
            long lastByte = server.lastByteAt(i);
            boolean complete = firstDelta != 0 && generated != 0 && received != 0 && firstText != 0 && lastByte != 0;
            if (!complete) {
                lost++;
                toFirstDelta[j] = toGenerated[j] = LatencySamples.MISSING;
                firstDeltaOverhead[j] = generatedOverhead[j] = LatencySamples.MISSING;
                serverFirst[j] = serverAll[j] = beforeServer[j] = afterServer[j] = LatencySamples.MISSING;
                continue;
            }
            toFirstDelta[j] = micros(firstDelta - sent);
            toGenerated[j] = micros(generated - sent);
            serverFirst[j] = micros(firstText - received);
            serverAll[j] = micros(lastByte - received);
            firstDeltaOverhead[j] = micros(firstDelta - sent - (firstText - received));
            generatedOverhead[j] = micros(generated - sent - (lastByte - received));
            beforeServer[j] = micros(received - sent);
            afterServer[j] = micros(generated - lastByte);
        }
        table.add(NAME, "JIT warm-up before it was measured", jit.seconds(), "s", null, jit.describe());
        String how = String.format(Locale.ROOT, "%,d requests at %d/s after the JIT warm-up and %d s more at the "
                + "rate, each on a stream of its own; janus.llm.provider=openai (Spring AI's OpenAI request, "
                + "streamed by the SDK's blocking client on the component's lane) against the bench's "
                + "OpenAI-compatible server on loopback answering at once with %d text chunks; in-memory bus with "
                + "metrics and tracing, each provider call observed as in the application (gen_ai.client.operation); "
                + "times from just before the publish of orchestrator.llm.requested to the start "
                + "of the handler (group %s)", measured, RATE, WARMUP_SECONDS,
                InstantOpenAiServer.PIECES.size(), GROUP);
        String health = String.format(Locale.ROOT, "%d not answered within %d s, %d not answered by openai or with "
                + "the wrong text, %d retried, %d rejected by the server; %s; %d GC pauses (%d ms), %d ms of JIT "
                + "compilation and %s while measuring", lost, DRAIN_TIMEOUT_SECONDS, round.wrong.get(),
                server.repeated(), server.rejected(), slowestSecond(toGenerated), round.gc.collections(),
                round.gc.millis(), round.compilingMillis, round.cpu);
        addPair(table, "overhead to first delta", new LatencySamples(firstDeltaOverhead), true,
                how + "; time to the first llm.response.delta minus the server's own time to its first text chunk; "
                        + health);
        addPair(table, "overhead to llm.response.generated", new LatencySamples(generatedOverhead), true,
                "time to llm.response.generated minus the server's own time to its last byte");
        addPair(table, "time to first delta", new LatencySamples(toFirstDelta), false,
                "publish -> first llm.response.delta, the provider's time included");
        addPair(table, "time to llm.response.generated", new LatencySamples(toGenerated), false,
                "publish -> llm.response.generated, the provider's time included");
        addPair(table, "server's own time to last byte", new LatencySamples(serverAll), false,
                "the bench server, handler start -> last chunk flushed; to its first text chunk: "
                        + new LatencySamples(serverFirst).summary());
        addPair(table, "DIAGNOSTIC publish -> request at the server", new LatencySamples(beforeServer), false,
                "request side: bus delivery to the component, prompt assembly, HTTP request through the OpenAI client");
        addPair(table, "DIAGNOSTIC server's last byte -> llm.response.generated", new LatencySamples(afterServer),
                false, "reply side: SSE parsing to the end of the stream, last delta, final event and its delivery");
        table.add(NAME, "DIAGNOSTIC relay of " + HAND_OFFS_TO_FIRST_DELTA + " thread hand-offs p99 at " + RATE
                + "/s", relay.millisAt(0.99), "ms", null, String.format(Locale.ROOT, "the first delta's hand-offs "
                + "alone: %d parked threads each unparking the next, %,d relays at %d/s in the same run, nothing else "
                + "running; %s", HAND_OFFS_TO_FIRST_DELTA, relay.count(), RATE, relay.summary()));
    }

    /**
     * The measured second whose requests took longest on average to {@code llm.response.generated}: a p99 far above
     * the p50 with one slow second is a stall (a GC pause, the machine busy), not a steady overhead.
     */
    private static String slowestSecond(long[] toGenerated) {
        int slowest = 0;
        double slowestMean = -1;
        for (int second = 0; second < toGenerated.length / RATE; second++) {
            double sum = 0;
            for (int i = second * RATE; i < (second + 1) * RATE; i++) {
                sum += toGenerated[i] == LatencySamples.MISSING ? Double.POSITIVE_INFINITY : toGenerated[i];
            }
            if (sum / RATE > slowestMean) {
                slowestMean = sum / RATE;
                slowest = second;
            }
        }
        return String.format(Locale.ROOT, "slowest second: #%d of %d, mean %.3f ms to llm.response.generated",
                slowest + 1, toGenerated.length / RATE, slowestMean / 1_000);
    }

    private void addPair(ResultTable table, String metric, LatencySamples samples, boolean target, String note) {
        table.add(NAME, metric + " p50 at " + RATE + "/s", samples.millisAt(0.50), "ms", null,
                note + "; " + samples.summary());
        table.add(NAME, metric + " p99 at " + RATE + "/s", samples.millisAt(0.99), "ms", null, "");
        if (target) {
            table.add(NAME, metric + " p99 above the timer's lateness p99",
                    samples.millisAt(0.99) - timerLateness.millisAt(0.99), "ms",
                    Target.atMost(TARGET_P99_OVERHEAD_MILLIS), String.format(Locale.ROOT,
                            "timer wake-up lateness at %d/s measured in the same run: %s", RATE,
                            timerLateness.summary()));
        }
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    /** The requests of the run: when each was published and when its first delta and final event arrived. */
    private static final class Round {

        private final AtomicLongArray sentAt;
        private final AtomicLongArray firstDeltaAt;
        private final AtomicLongArray generatedAt;
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger wrong = new AtomicInteger();
        private GcActivity gcBefore = GcActivity.sinceStart();
        private long cpuBefore;
        private long wallBefore;
        private GcActivity gc = new GcActivity(0, 0);
        private String cpu = "";
        private long compilingBefore;
        private long compilingMillis;

        Round(int requests) {
            sentAt = new AtomicLongArray(requests);
            firstDeltaAt = new AtomicLongArray(requests);
            generatedAt = new AtomicLongArray(requests);
        }

        int total() {
            return sentAt.length();
        }

        Subscription listen(EventBus bus) {
            return bus.subscribe("llm.response.*", GROUP, event -> {
                long now = System.nanoTime();
                int index = index(event.streamId());
                if (index < 0) {
                    return;
                }
                if (event.eventType() == EventType.LLM_RESPONSE_DELTA) {
                    if (event.content(EventKeys.LLM_RESPONSE_DELTA).sequence() == 0) {
                        firstDeltaAt.compareAndSet(index, 0, now);
                    }
                }
                else if (event.eventType() == EventType.LLM_RESPONSE_GENERATED
                        && generatedAt.compareAndSet(index, 0, now)) {
                    GeneratedResponse response = event.content(EventKeys.LLM_RESPONSE_GENERATED);
                    if (!response.provider().equals("openai") || !response.text().equals(InstantOpenAiServer.TEXT)) {
                        wrong.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
            });
        }

        void sent(int index, long nanos) {
            sentAt.set(index, nanos);
        }

        void measuring() {
            gcBefore = GcActivity.sinceStart();
            compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            cpuBefore = processCpuNanos();
            wallBefore = System.nanoTime();
        }

        void sendingDone() {
            gc = GcActivity.sinceStart().minus(gcBefore);
            compilingMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore;
            long cpuNow = processCpuNanos();
            double wall = System.nanoTime() - wallBefore;
            cpu = cpuNow < 0 || cpuBefore < 0 || wall <= 0 ? "CPU unknown"
                    : String.format(Locale.ROOT, "this JVM using %.2f of %d cores", (cpuNow - cpuBefore) / wall,
                            Runtime.getRuntime().availableProcessors());
        }

        void awaitReplies(long timeoutSeconds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (answered.get() < total() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        private int index(String streamId) {
            if (!streamId.startsWith(STREAM_PREFIX)) {
                return -1;
            }
            try {
                int index = Integer.parseInt(streamId.substring(STREAM_PREFIX.length()));
                return index < total() ? index : -1;
            }
            catch (NumberFormatException e) {
                return -1;
            }
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime()
                    : -1;
        }
    }
}
