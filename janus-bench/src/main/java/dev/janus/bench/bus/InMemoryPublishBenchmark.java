package dev.janus.bench.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.Subscription;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmark of the in-memory engine with production settings and telemetry: one thread publishes a batch of
 * {@value #BATCH} new events and waits until one subscription's handler has seen every one of them; the score is
 * events per second from publish to handled. Events are created before each batch, outside the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InMemoryPublishBenchmark {

    /** Events published per measured invocation. */
    public static final int BATCH = 10_000;

    private static final long BATCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * What runs: production settings and telemetry with events of one conversation (one ordered lane) or of 64
     * (spread over all lanes), and two diagnostic variants of the latter that show where the time goes.
     */
    public enum Variant {
        /** Default settings and sampling (10% of flows traced), one stream id. */
        PRODUCTION_1_STREAM(1, 4, BusTracing.DEFAULT_PROBABILITY, "1 stream"),
        /** Default settings and sampling, 64 stream ids. */
        PRODUCTION_64_STREAMS(64, 4, BusTracing.DEFAULT_PROBABILITY, "64 streams"),
        /** Diagnostic: as above, every event traced. */
        TRACED_ALL_64_STREAMS(64, 4, 1.0, "64 streams, every event traced (diagnostic)"),
        /** Diagnostic: as above, tracing off. */
        UNTRACED_64_STREAMS(64, 4, 0.0, "64 streams, tracing off (diagnostic)"),
        /** Diagnostic: default sampling, one worker lane instead of four. */
        ONE_LANE_64_STREAMS(64, 1, BusTracing.DEFAULT_PROBABILITY, "64 streams, concurrency 1 (diagnostic)");

        final int streams;
        final int lanes;
        final double sampled;
        final String label;

        Variant(int streams, int lanes, double sampled, String label) {
            this.streams = streams;
            this.lanes = lanes;
            this.sampled = sampled;
            this.label = label;
        }

        /** How the variant reads in the result table. */
        public String label() {
            return label;
        }
    }

    @Param
    public Variant variant;

    private final AtomicLong handled = new AtomicLong();
    private volatile long awaited = Long.MAX_VALUE;
    private volatile Thread waiter = Thread.currentThread();
    private InstrumentedBuses buses;
    private InMemoryEventBus bus;
    private Subscription subscription;
    private SampleEvents samples;
    private JanusEvent[] batch;

    @Setup(Level.Trial)
    public void startBus() {
        buses = new InstrumentedBuses(variant.sampled);
        bus = buses.inMemory(new BusProperties(null, null, variant.lanes, null, null, null, null, null, null, null, null,
                null));
        subscription = bus.subscribe(EventType.INPUT_MESSAGE_RECEIVED.wireName(), "bench", event -> {
            if (handled.incrementAndGet() == awaited) {
                LockSupport.unpark(waiter);
            }
        });
        samples = new SampleEvents(variant.streams);
    }

    @Setup(Level.Invocation)
    public void createBatch() {
        batch = samples.next(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishAndHandle() throws TimeoutException {
        long target = handled.get() + BATCH;
        waiter = Thread.currentThread();
        awaited = target;
        for (JanusEvent event : batch) {
            bus.publish(event);
        }
        long deadline = System.nanoTime() + BATCH_TIMEOUT_NANOS;
        long seen;
        while ((seen = handled.get()) < target) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + (BATCH - (target - seen)) + " of " + BATCH
                        + " events were handled within 60 s");
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        return seen;
    }

    @TearDown(Level.Trial)
    public void stopBus() {
        subscription.cancel();
        bus.close();
        buses.close();
    }
}
