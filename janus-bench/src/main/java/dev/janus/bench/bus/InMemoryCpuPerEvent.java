package dev.janus.bench.bus;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.janus.bench.ResultTable;
import dev.janus.bus.Subscription;
import dev.janus.bus.config.BusProperties;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;

/**
 * The CPU an event costs the in-memory engine from publish to handled, in this JVM: what the events/s of
 * {@link InMemoryPublishBenchmark} cannot show on two cores shared by the publisher, four lanes and the JIT, and
 * steadier than it from run to run. The same bus, settings and events; batches of {@value #BATCH} published at once
 * and awaited, this process's CPU time over the events of the measured rounds (the events are created outside it).
 */
final class InMemoryCpuPerEvent {

    private static final int BATCH = 10_000;
    private static final int BATCHES_PER_ROUND = 100;
    private static final int WARM_UP_ROUNDS = 6;
    private static final int MEASURED_ROUNDS = 3;
    private static final long BATCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Measures tracing at the default sampling and off, and adds a row for each. */
    void run(ResultTable table) throws TimeoutException {
        row(table, BusTracing.DEFAULT_PROBABILITY, "64 streams, default sampling (10% of flows traced)");
        row(table, 0, "64 streams, tracing off (diagnostic)");
    }

    private void row(ResultTable table, double sampled, String label) throws TimeoutException {
        try (InstrumentedBuses buses = new InstrumentedBuses(sampled);
                InMemoryEventBus bus = buses.inMemory(new BusProperties(null, null, null, null, null, null, null, null,
                        null, null, null, null))) {
            AtomicLong handled = new AtomicLong();
            Subscription subscription = bus.subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), "bench",
                    event -> handled.incrementAndGet());
            SampleEvents samples = new SampleEvents(64);
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                measureRound(bus, samples, handled);
            }
            double[] perRound = new double[MEASURED_ROUNDS];
            for (int round = 0; round < MEASURED_ROUNDS; round++) {
                perRound[round] = measureRound(bus, samples, handled);
            }
            subscription.cancel();
            double[] sorted = perRound.clone();
            Arrays.sort(sorted);
            String rounds = Arrays.stream(perRound).mapToObj(round -> String.format(Locale.ROOT, "%.2f", round))
                    .collect(Collectors.joining(" / "));
            table.add(InMemoryThroughput.NAME, "CPU per event publish->handled, " + label, sorted[MEASURED_ROUNDS / 2],
                    "us", null, String.format(Locale.ROOT, "this JVM's CPU time over %,d events a round, "
                            + "median of %d rounds (%s us) after %d warm-up rounds; default settings (4 lanes), "
                            + "Prometheus, OTel SDK with a batch span processor", BATCH * BATCHES_PER_ROUND,
                            MEASURED_ROUNDS, rounds, WARM_UP_ROUNDS));
        }
    }

    /** Microseconds of this JVM's CPU per event over one round. */
    private double measureRound(InMemoryEventBus bus, SampleEvents samples, AtomicLong handled)
            throws TimeoutException {
        long cpuNanos = 0;
        for (int batch = 0; batch < BATCHES_PER_ROUND; batch++) {
            JanusEvent[] events = samples.next(BATCH);
            long target = handled.get() + BATCH;
            long before = os.getProcessCpuTime();
            for (JanusEvent event : events) {
                bus.publish(event).join(); // done at once in memory; a failure shows here, not as a timeout
            }
            long deadline = System.nanoTime() + BATCH_TIMEOUT_NANOS;
            while (handled.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("only " + (BATCH - (target - handled.get())) + " of " + BATCH
                            + " events were handled within 60 s");
                }
                LockSupport.parkNanos(100_000);
            }
            cpuNanos += os.getProcessCpuTime() - before;
        }
        return cpuNanos / 1e3 / ((double) BATCH * BATCHES_PER_ROUND);
    }
}
