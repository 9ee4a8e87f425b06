package dev.janus.bench.bus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.janus.bench.JitWarmup;
import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bus.redis.RedisEventBus;
import org.jspecify.annotations.Nullable;

/**
 * The Redis Streams engine's throughput on the run's private server, each figure beside the ceiling a plain Lettuce
 * client reaches in the same run on the same server: raw XADD ({@code redis-benchmark}); the bus's publish rate while
 * filling a backlog of {@value #EVENTS} events against a batched-flush Lettuce producer sending the same commands;
 * then one and four consumers of the bus (bus instances in this JVM) against one and four plain Lettuce consumers
 * (threads of this JVM), each a new group draining the same backlog from its start, and the Spring Data Redis
 * reference-docs container. Tracing samples at Spring Boot's default (10%); one bus consumer is also measured with
 * every event traced, as a diagnostic. Rounds of warm-up until the JIT is quiet come first and are not measured; each
 * consumer figure is the median of {@value #DRAINS} drains, taken in turns with its reference's.
 */
public final class RedisThroughput {

    /** The benchmark's name on the command line and in the table. */
    public static final String NAME = "bus.redis";

    static final int EVENTS = 200_000;
    static final int WARM_UP_EVENTS = 50_000;
    /**
     * At most this many warm-up rounds: each starts new buses, whose setup code (Jackson introspection, Lettuce and
     * Netty) keeps the compiler at 12–25 % of a round however many rounds run, so the row usually says "not quiet".
     */
    static final int WARM_UP_ROUNDS = 10;
    /** Drains per consumer figure, its median reported. */
    static final int DRAINS = 5;

    /** A consumer of the bus reaches at least this share of a plain Lettuce consumer's rate. */
    private static final double CONSUME_RATIO = 0.5;
    /** The bus publishes at least at this share of the batched-flush producer's rate. */
    private static final double PUBLISH_RATIO = 0.8;

    /** Runs the Redis throughput benchmarks and records their rows. */
    public void run(ResultTable table, RedisServer redis) throws Exception {
        redis.flushAll();
        double raw = new RawXadd().run(redis);
        table.add(NAME, "raw XADD (redis-benchmark)", raw, "requests/s", null, String.format(Locale.ROOT,
                "redis-benchmark -P %d -n %,d -q XADD benchstream * field <%d-byte event JSON>, 50 clients",
                RawXadd.PIPELINE, RawXadd.REQUESTS, new SampleEvents(1).wireBytes()));
        try (InstrumentedBuses buses = new InstrumentedBuses()) {
            JitWarmup jit = warmUp(buses, redis);
            table.add(NAME, "JIT warm-up before the measured figures", jit.seconds(), "s", null, jit.describe());
            measure(table, buses, redis);
        }
        try (InstrumentedBuses tracedAll = new InstrumentedBuses(1.0);
                StreamBacklog backlog = StreamBacklog.fill(tracedAll, redis, EVENTS)) {
            addDrain(table, "diagnostic: consume, 1 consumer, every event traced",
                    new JanusConsumers(tracedAll, redis).drain(backlog, "janus-traced", 1), null, null);
        }
        redis.flushAll();
    }

    /**
     * Rounds of {@value #WARM_UP_EVENTS} events published and drained by one and four bus consumers and a plain one,
     * until the JIT is quiet: a cold JVM spends more CPU compiling Jackson, Lettuce and Netty than moving events, and
     * the figures are meant for a service that has been up a while.
     */
    private static JitWarmup warmUp(InstrumentedBuses buses, RedisServer redis) throws Exception {
        return JitWarmup.until(String.format(Locale.ROOT, "%,d events published, drained by 1 and 4 bus consumers "
                + "and a plain one", WARM_UP_EVENTS), WARM_UP_ROUNDS, () -> {
                    try (StreamBacklog backlog = StreamBacklog.fill(buses, redis, WARM_UP_EVENTS)) {
                        new JanusConsumers(buses, redis).drain(backlog, "warm-up-1", 1);
                        new JanusConsumers(buses, redis).drain(backlog, "warm-up-4", 4);
                        new PlainLettuceConsumers(redis).drain(backlog, "warm-up-plain", 1);
                    }
                });
    }

    private static void measure(ResultTable table, InstrumentedBuses buses, RedisServer redis) throws Exception {
        double producer;
        try (RedisEventBus bus = buses.redis(InstrumentedBuses.redisSettings(redis.url()))) {
            producer = new BatchedLettuceProducer(redis).publish(bus, new SampleEvents(64).next(EVENTS));
        }
        table.add(NAME, "reference: batched-flush Lettuce producer", producer, "events/s", null, String.format(
                Locale.ROOT, "one connection, the bus's publish script by SHA-1 per event (stream + conversation "
                        + "index), flush every %,d, JSON prepared beforehand, without a traceparent (as the bus sends unsampled "
                        + "flows)", BatchedLettuceProducer.FLUSH_EVERY));
        try (StreamBacklog backlog = StreamBacklog.fill(buses, redis, EVENTS)) {
            table.add(NAME, "publish (RedisEventBus.publish)", backlog.publishRate(), "events/s", null,
                    String.format(Locale.ROOT, "%,d events after warm-up, one bus, <= 10,000 unconfirmed, encoding "
                            + "and tracing included", EVENTS));
            table.add(NAME, "publish / reference producer", backlog.publishRate() / producer, "ratio",
                    Target.atLeast(PUBLISH_RATIO), "same run, same commands per event");
            PlainLettuceConsumers plain = new PlainLettuceConsumers(redis);
            JanusConsumers janus = new JanusConsumers(buses, redis);
            for (int consumers : new int[] { 1, 4 }) {
                List<StreamBacklog.Drain> references = new ArrayList<>();
                List<StreamBacklog.Drain> drains = new ArrayList<>();
                for (int drain = 0; drain < DRAINS; drain++) {
                    references.add(plain.drain(backlog, "plain-" + consumers + "-" + drain, consumers));
                    drains.add(janus.drain(backlog, "janus-" + consumers + "-" + drain, consumers));
                }
                StreamBacklog.Drain reference = median(references);
                StreamBacklog.Drain bus = median(drains);
                addDrain(table, "reference: plain Lettuce consumer x" + consumers, reference, null,
                        "XREADGROUP COUNT " + PlainLettuceConsumers.COUNT + " BLOCK 100, one pipelined XACK per "
                                + "batch, no decoding; " + consumers + " thread(s) of this JVM; " + spread(references));
                addDrain(table, "consume->handle->ack, " + consumers + " consumer(s)", bus, null,
                        consumers + " bus instance(s) in this JVM, default settings; " + spread(drains));
                table.add(NAME, "consume / plain Lettuce, " + consumers + " consumer(s)", bus.rate() / reference.rate(),
                        "ratio", Target.atLeast(CONSUME_RATIO), "same run, same backlog, medians of " + DRAINS
                                + " drains each, taken in turns");
            }
            StreamBacklog.Drain baseline = new SpringDataRedisConsumer(redis).drain(backlog);
            addDrain(table, "baseline: Spring Data Redis container, 1 consumer", baseline, null,
                    "StreamMessageListenerContainer as in the reference docs, ack per message, batch "
                            + SpringDataRedisConsumer.BATCH_SIZE + ", decoding each event");
        }
    }

    private static StreamBacklog.Drain median(List<StreamBacklog.Drain> drains) {
        List<StreamBacklog.Drain> sorted = new ArrayList<>(drains);
        sorted.sort(Comparator.comparingDouble(StreamBacklog.Drain::rate));
        return sorted.get(sorted.size() / 2);
    }

    private static String spread(List<StreamBacklog.Drain> drains) {
        return "median of " + drains.size() + " drains: " + drains.stream()
                .map(drain -> String.format(Locale.ROOT, "%,.0f", drain.rate())).collect(Collectors.joining(" / "))
                + " events/s";
    }

    private static void addDrain(ResultTable table, String metric, StreamBacklog.Drain drain, @Nullable Target target,
            @Nullable String how) {
        table.add(NAME, metric, drain.rate(), "events/s", target, how == null ? drain.describe()
                : how + "; " + drain.describe());
    }
}
