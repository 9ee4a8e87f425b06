package dev.janus.bench.llm;

import java.util.concurrent.locks.LockSupport;

import dev.janus.bench.bus.FixedRate;
import dev.janus.bench.bus.LatencySamples;
import org.jspecify.annotations.Nullable;

/**
 * What a path of thread hand-offs costs on this machine by itself: a relay of parked threads, each unparking the next,
 * started at a fixed rate with nothing else running, timed from the first unpark to the last thread running. The
 * LLM component's path to its first delta has {@value LlmOverhead#HAND_OFFS_TO_FIRST_DELTA} of them; set beside the
 * overhead's p99 it shows how much of that p99 the hand-offs alone explain, and how much is the path's threads waiting
 * for a core while other threads run.
 */
final class HandOffRelay {

    private HandOffRelay() {
    }

    /** {@code rate * seconds} relays of {@code handOffs} threads, one every {@code 1/rate} s, in microseconds. */
    static LatencySamples measure(int handOffs, int rate, int seconds) throws InterruptedException {
        Runner[] runners = new Runner[handOffs];
        Thread starter = Thread.currentThread();
        for (int i = handOffs - 1; i >= 0; i--) {
            runners[i] = new Runner(i + 1 < handOffs ? runners[i + 1] : null, starter);
        }
        for (Runner runner : runners) {
            runner.thread.start();
        }
        long[] micros = new long[rate * seconds];
        FixedRate pace = new FixedRate(rate, 10);
        try {
            for (int i = 0; i < micros.length; i++) {
                pace.awaitNext();
                Runner last = runners[handOffs - 1];
                last.finished = false;
                long start = System.nanoTime();
                runners[0].pass();
                while (!last.finished) {
                    LockSupport.park();
                }
                micros[i] = (last.finishedAt - start) / 1_000;
            }
        }
        finally {
            for (Runner runner : runners) {
                runner.thread.interrupt();
                runner.thread.join();
            }
        }
        return new LatencySamples(micros);
    }

    /** One thread of the relay: waits for the baton, then passes it on, or, the last, notes the time. */
    private static final class Runner implements Runnable {

        private final @Nullable Runner next;
        private final Thread starter;
        private final Thread thread = new Thread(this, "bench-hand-off-relay");
        private volatile boolean holding;
        private volatile boolean finished;
        private volatile long finishedAt;

        Runner(@Nullable Runner next, Thread starter) {
            this.next = next;
            this.starter = starter;
            thread.setDaemon(true);
        }

        void pass() {
            holding = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                if (!holding) {
                    LockSupport.park();
                    continue;
                }
                holding = false;
                if (next != null) {
                    next.pass();
                }
                else {
                    finishedAt = System.nanoTime();
                    finished = true;
                    LockSupport.unpark(starter);
                }
            }
        }
    }
}
