package dev.janus.bench.bus;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
 * The reference of {@link InMemoryPublishBenchmark}: the same batches of the same events over 64 conversations or
 * one, handed by one thread to {@value #LANES} threads as the in-memory engine hands them to its lanes — a queue per
 * thread chosen by the stream id, a thread that found its queue empty polling it a little and then parking, woken by
 * the first offer after — and counted there (the last of a batch wakes the publisher, as the engine's benchmark
 * handler does), with nothing else: no tracing, metrics, duplicate check, breaker,
 * in-flight limit or history. What two cores allow for the engine's layout of threads; the engine's figure is given
 * as a share of it. One conversation keeps one thread busy and the other three parked, as in the engine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlainHandOffBenchmark {

    /** Threads taking the events: the bus's default {@code janus.bus.concurrency}. */
    static final int LANES = 4;

    private static final int SPINS = 64;
    private static final long BATCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Conversations the events are spread over: those of the engine's two headline rows. */
    @Param({ "64", "1" })
    public int streams;

    private final AtomicLong handled = new AtomicLong();
    private volatile long awaited = Long.MAX_VALUE;
    private volatile Thread waiter = Thread.currentThread();
    private final Lane[] lanes = new Lane[LANES];
    private SampleEvents samples;
    private JanusEvent[] batch;

    @Setup(Level.Trial)
    public void startLanes() {
        samples = new SampleEvents(streams);
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane();
            lanes[i].thread.start();
        }
    }

    @Setup(Level.Invocation)
    public void createBatch() {
        batch = samples.next(InMemoryPublishBenchmark.BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(InMemoryPublishBenchmark.BATCH)
    public long handOff() throws TimeoutException {
        long target = handled.get() + InMemoryPublishBenchmark.BATCH;
        waiter = Thread.currentThread();
        awaited = target;
        for (JanusEvent event : batch) {
            lanes[Math.floorMod(event.streamId().hashCode(), LANES)].offer(event);
        }
        long deadline = System.nanoTime() + BATCH_TIMEOUT_NANOS;
        long seen;
        while ((seen = handled.get()) < target) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + (InMemoryPublishBenchmark.BATCH - (target - seen)) + " of "
                        + InMemoryPublishBenchmark.BATCH + " events were taken within 60 s");
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        return seen;
    }

    @TearDown(Level.Trial)
    public void stopLanes() {
        for (Lane lane : lanes) {
            lane.stopped = true;
            LockSupport.unpark(lane.thread);
        }
    }

    private final class Lane implements Runnable {

        final Queue<JanusEvent> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean parked = new AtomicBoolean();
        final Thread thread = new Thread(this, "plain-hand-off");
        volatile boolean stopped;

        Lane() {
            thread.setDaemon(true);
        }

        void offer(JanusEvent event) {
            queue.offer(event);
            if (parked.get() && parked.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                JanusEvent event = queue.poll();
                for (int spin = 0; event == null && spin < SPINS; spin++) {
                    Thread.onSpinWait();
                    event = queue.poll();
                }
                if (event == null) {
                    parked.set(true);
                    event = queue.poll();
                    if (event == null) {
                        LockSupport.park(this);
                    }
                    parked.set(false);
                }
                if (event != null && handled.incrementAndGet() == awaited) {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }
}
