package dev.janus.bench.bus;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import dev.janus.bench.GcActivity;
import dev.janus.bench.RedisServer;
import dev.janus.bench.ResultTable.Target;
import dev.janus.bench.ResultTable;
import dev.janus.bus.Subscription;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;

/**
 * End-to-end latency of the Redis bus at a fixed {@value #RATE} events per second: one bus publishes (as one
 * service), another handles (as another service); each event's latency is from just before {@code publish} to the
 * start of its handler. After an unpaced burst of {@value #BURST_EVENTS} events (so the JIT has compiled the paths)
 * and {@value #WARMUP_SECONDS} s of paced warm-up, {@value #MEASURE_SECONDS} s are measured. Two floors are measured
 * first, with the same pacing: how late a sleeping thread wakes on this machine, and the latency of plain Lettuce
 * XADD → XREADGROUP without the bus (a {@link LettuceHopChain} of one hop).
 */
public final class RedisLatency {

    /** The benchmark's name on the command line and in the table. */
    public static final String NAME = "bus.latency";

    static final int RATE = 1_000;
    static final int WARMUP_SECONDS = 5;
    static final int MEASURE_SECONDS = 20;
    static final int BURST_EVENTS = 50_000;
    static final int TIMER_FLOOR_SECONDS = 5;
    /** The floor is warmed and measured as long as the bus. */
    static final int LETTUCE_FLOOR_WARMUP_SECONDS = WARMUP_SECONDS;
    static final int LETTUCE_FLOOR_SECONDS = MEASURE_SECONDS;

    /** The bus's p99 is at most this multiple of the plain Lettuce floor's p99 in the same run. */
    private static final double TARGET_P99_OVER_FLOOR = 1.2;
    /** The bus's p50 is at most this much above the floor's p50. */
    private static final double TARGET_P50_ABOVE_FLOOR_MILLIS = 0.1;

    /** Measures the floors and the bus, and records percentiles of each. */
    public void run(ResultTable table, RedisServer redis) throws Exception {
        redis.flushAll();
        LatencySamples timer = timerFloor();
        LatencySamples lettuce = new LettuceHopChain(1).run(redis, RATE, RATE * LETTUCE_FLOOR_WARMUP_SECONDS,
                RATE * LETTUCE_FLOOR_SECONDS);
        Measurement bus = measureBus(redis);
        table.add(NAME, "end-to-end latency p50", bus.samples().millisAt(0.50), "ms", null, bus.describe());
        table.add(NAME, "end-to-end latency p99", bus.samples().millisAt(0.99), "ms", null, "");
        table.add(NAME, "end-to-end latency p99.9", bus.samples().millisAt(0.999), "ms", null, "");
        table.add(NAME, "end-to-end latency max", bus.samples().millisAt(1.0), "ms", null, "");
        table.add(NAME, "floor: plain Lettuce XADD->XREADGROUP p99", lettuce.millisAt(0.99), "ms", null,
                String.format(Locale.ROOT, "same load without the bus, %,d events after %d s warm-up: %s",
                        lettuce.count(), LETTUCE_FLOOR_WARMUP_SECONDS, lettuce.summary()));
        table.add(NAME, "floor: timer wake-up lateness p99", timer.millisAt(0.99), "ms", null, String.format(
                Locale.ROOT, "the 1 ms pacing loop alone for %d s: %s", TIMER_FLOOR_SECONDS, timer.summary()));
        table.add(NAME, "p99 / floor p99", bus.samples().millisAt(0.99) / lettuce.millisAt(0.99), "ratio",
                Target.atMost(TARGET_P99_OVER_FLOOR), "same run, same pacing");
        table.add(NAME, "p50 - floor p50", bus.samples().millisAt(0.50) - lettuce.millisAt(0.50), "ms",
                Target.atMost(TARGET_P50_ABOVE_FLOOR_MILLIS), "same run, same pacing");
        redis.flushAll();
    }

    private static Measurement measureBus(RedisServer redis) {
        int warmup = RATE * WARMUP_SECONDS;
        int total = warmup + RATE * MEASURE_SECONDS;
        SampleEvents samples = new SampleEvents(64);
        Map<String, Integer> sequence = new ConcurrentHashMap<>();
        AtomicLongArray sentAt = new AtomicLongArray(total);
        AtomicLongArray handledAt = new AtomicLongArray(total);
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        GcActivity gcBefore;
        GcActivity gcAfter;
        try (InstrumentedBuses buses = new InstrumentedBuses();
                RedisEventBus publisher = buses.redis(InstrumentedBuses.redisSettings(redis.url()));
                RedisEventBus consumer = buses.redis(InstrumentedBuses.redisSettings(redis.url()))) {
            Subscription subscription = consumer.subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), "latency",
                    event -> {
                        long now = System.nanoTime();
                        seen.incrementAndGet();
                        Integer index = sequence.remove(event.eventId());
                        if (index != null) {
                            handledAt.set(index, now);
                            handled.incrementAndGet();
                        }
                    });
            burst(publisher, samples, seen);
            FixedRate pace = new FixedRate(RATE, 200);
            gcBefore = GcActivity.sinceStart();
            for (int i = 0; i < total; i++) {
                if (i == warmup) {
                    gcBefore = GcActivity.sinceStart();
                }
                JanusEvent event = samples.next();
                sequence.put(event.eventId(), i);
                pace.awaitNext();
                sentAt.set(i, System.nanoTime());
                publisher.publish(event);
            }
            gcAfter = GcActivity.sinceStart();
            awaitCount(handled, total, 10);
            subscription.cancel();
        }
        long[] micros = new long[total - warmup];
        int lost = 0;
        for (int i = warmup; i < total; i++) {
            long done = handledAt.get(i);
            lost += done == 0 ? 1 : 0;
            micros[i - warmup] = done == 0 ? LatencySamples.MISSING : (done - sentAt.get(i)) / 1_000;
        }
        GcActivity gc = gcAfter.minus(gcBefore);
        return new Measurement(new LatencySamples(micros), lost, gc.collections(), gc.millis());
    }

    /** Publishes {@value #BURST_EVENTS} events unpaced and waits for them. */
    private static void burst(RedisEventBus publisher, SampleEvents samples, AtomicInteger seen) {
        for (int i = 0; i < BURST_EVENTS; i++) {
            publisher.publish(samples.next());
        }
        awaitCount(seen, BURST_EVENTS, 60);
    }

    private static void awaitCount(AtomicInteger count, int expected, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (count.get() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** How late the pacing loop's thread wakes with nothing else to do. */
    private static LatencySamples timerFloor() {
        return timerLateness(RATE, TIMER_FLOOR_SECONDS);
    }

    /** How late a thread pacing at {@code rate} per second wakes, over {@code seconds}, with nothing else to do. */
    public static LatencySamples timerLateness(int rate, int seconds) {
        long[] micros = new long[rate * seconds];
        FixedRate pace = new FixedRate(rate, 10);
        for (int i = 0; i < micros.length; i++) {
            micros[i] = pace.awaitNext() / 1_000;
        }
        return new LatencySamples(micros);
    }

    private record Measurement(LatencySamples samples, int lost, long gcCount, long gcMillis) {

        String describe() {
            return String.format(Locale.ROOT, "%,d events at %,d/s after a %,d-event burst and %d s warm-up, publish "
                    + "-> handler start, two bus instances, 64 streams; %d not handled within 10 s; %d GC pauses "
                    + "(%d ms) meanwhile", samples.count(), RATE, BURST_EVENTS, WARMUP_SECONDS, lost, gcCount,
                    gcMillis);
        }
    }
}
