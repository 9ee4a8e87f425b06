package dev.janus.bench.bus;

import java.util.Locale;

import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.ResultTable;
import org.jspecify.annotations.Nullable;

/**
 * The Redis Streams engine's throughput on the run's private server: raw XADD as the server's ceiling, the bus's
 * publish rate while filling a backlog of {@value #EVENTS} events, then one and four consumers of the bus and the
 * Spring Data Redis baseline, each a new group draining the same backlog from its start (handled and acked). A
 * warm-up of {@value #WARM_UP_EVENTS} events published and drained comes first and is not measured.
 */
public final class RedisThroughput {

    /** The benchmark's name on the command line and in the table. */
    public static final String NAME = "bus.redis";

    static final int EVENTS = 200_000;
    static final int WARM_UP_EVENTS = 100_000;

    private static final double TARGET_EVENTS_PER_SECOND = 150_000;

    /** Runs the Redis throughput benchmarks and records their rows. */
    public void run(ResultTable table, RedisServer redis) throws Exception {
        redis.flushAll();
        double raw = new RawXadd().run(redis);
        table.add(NAME, "raw XADD (redis-benchmark)", raw, "requests/s", null, String.format(Locale.ROOT,
                "redis-benchmark -P %d -n %,d -q XADD benchstream * field <%d-byte event JSON>, 50 clients",
                RawXadd.PIPELINE, RawXadd.REQUESTS, new SampleEvents(1).wireBytes()));
        try (InstrumentedBuses buses = new InstrumentedBuses()) {
            warmUp(buses, redis);
            measure(table, buses, redis, raw);
        }
        redis.flushAll();
    }

    /**
     * Publishes and drains {@value #WARM_UP_EVENTS} events first: a cold JVM spends more CPU compiling Jackson,
     * Lettuce and Netty than moving events, and the figures are meant for a service that has been up a while.
     */
    private static void warmUp(InstrumentedBuses buses, RedisServer redis) throws Exception {
        try (StreamBacklog backlog = StreamBacklog.fill(buses, redis, WARM_UP_EVENTS)) {
            new JanusConsumers(buses, redis).drain(backlog, "warm-up", 1);
        }
    }

    private static void measure(ResultTable table, InstrumentedBuses buses, RedisServer redis, double raw)
            throws Exception {
        try (StreamBacklog backlog = StreamBacklog.fill(buses, redis, EVENTS)) {
            table.add(NAME, "publish (RedisEventBus.publish)", backlog.publishRate(), "events/s", null,
                    String.format(Locale.ROOT, "%,d events after warm-up, one bus, <= 10,000 unconfirmed; %.2f x raw XADD",
                            EVENTS, backlog.publishRate() / raw));
            JanusConsumers janus = new JanusConsumers(buses, redis);
            StreamBacklog.Drain one = janus.drain(backlog, "janus-1", 1);
            addDrain(table, "consume->handle->ack, 1 consumer", one, raw, Target.atLeast(TARGET_EVENTS_PER_SECOND));
            StreamBacklog.Drain four = janus.drain(backlog, "janus-4", 4);
            addDrain(table, "consume->handle->ack, 4 consumers", four, raw, Target.atLeast(TARGET_EVENTS_PER_SECOND));
            StreamBacklog.Drain baseline = new SpringDataRedisConsumer(redis).drain(backlog);
            addDrain(table, "baseline: Spring Data Redis container, 1 consumer", baseline, raw, null);
            table.add(NAME, "Janus / baseline, 1 consumer", one.rate() / baseline.rate(), "ratio", null,
                    "StreamMessageListenerContainer as in the reference docs, ack per message, batch "
                            + SpringDataRedisConsumer.BATCH_SIZE + ", decoding each event");
            table.add(NAME, "Janus 4 consumers / baseline 1 consumer", four.rate() / baseline.rate(), "ratio", null, "");
        }
    }

    private static void addDrain(ResultTable table, String metric, StreamBacklog.Drain drain, double raw,
            @Nullable Target target) {
        table.add(NAME, metric, drain.rate(), "events/s", target, String.format(Locale.ROOT,
                "%s; %.2f x raw XADD", drain.describe(), drain.rate() / raw));
    }
}
