package dev.janus.bus.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of worker threads, each draining its own queue. Work for one key (a stream id) always
 * lands on the same lane, so a conversation's events are handled in order while different
 * conversations run in parallel.
 *
 * @param <T> the unit of work
 */
public final class OrderedLanes<T> {

    private static final Logger log = LoggerFactory.getLogger(OrderedLanes.class);

    /** Put on a lane's queue to wake it when the lanes stop. */
    private static final Object WAKE = new Object();

    private final List<Lane> lanes = new ArrayList<>();
    private final Consumer<T> worker;
    private final Consumer<T> abandon;
    private volatile boolean closing;
    private volatile boolean abandonQueued;

    /**
     * @param name thread-name prefix
     * @param count number of lanes
     * @param worker runs one unit of work; must not throw
     * @param abandon told of each unit left unstarted when the lanes stop without draining
     */
    public OrderedLanes(String name, int count, Consumer<T> worker, Consumer<T> abandon) {
        this.worker = worker;
        this.abandon = abandon;
        for (int i = 0; i < count; i++) {
            Lane lane = new Lane(name + "-" + i);
            lanes.add(lane);
            lane.thread.start();
        }
    }

    /** Queues the work on the lane of {@code key}. */
    public void submit(String key, T work) {
        lanes.get(Math.floorMod(key.hashCode(), lanes.size())).queue.add(work);
    }

    /**
     * Stops the lanes. With {@code drain}, queued work still runs; without, only running work
     * finishes and the rest is handed to {@code abandon}. Waits up to {@code timeout}, then interrupts.
     */
    public void stop(boolean drain, Duration timeout) {
        beginStop(drain);
        awaitStop(timeout);
    }

    /**
     * Stops taking work: from now on no queued work starts unless {@code drain}; queued work is
     * handed to {@code abandon}. Returns at once.
     */
    public void beginStop(boolean drain) {
        closing = true;
        abandonQueued = !drain;
        if (!drain) {
            lanes.forEach(Lane::abandonQueued);
        }
        for (Lane lane : lanes) {
            lane.stopping = true;
            lane.queue.add(WAKE);
        }
    }

    /** Waits up to {@code timeout} for running work to finish after {@link #beginStop}, then interrupts it. */
    public void awaitStop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : lanes) {
            try {
                long left = deadline - System.nanoTime();
                lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Lane lane : lanes) {
            if (lane.thread.isAlive()) {
                log.warn("Lane {} did not finish within {}; interrupting its handler", lane.thread.getName(), timeout);
                lane.hardStop = true;
                lane.thread.interrupt();
            }
        }
    }

    /** Whether {@link #stop} was called. */
    public boolean isClosing() {
        return closing;
    }

    private final class Lane implements Runnable {

        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        volatile boolean stopping;
        volatile boolean hardStop;

        Lane(String name) {
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            List<Object> batch = new ArrayList<>(64);
            while (!hardStop) {
                Object first;
                try {
                    first = queue.take();
                }
                catch (InterruptedException e) {
                    break;
                }
                batch.add(first);
                queue.drainTo(batch, 63);
                for (int i = 0; i < batch.size(); i++) {
                    Object item = batch.get(i);
                    if (item == WAKE) {
                        continue;
                    }
                    if (hardStop || abandonQueued) {
                        abandon.accept(cast(item));
                    }
                    else {
                        worker.accept(cast(item));
                    }
                }
                batch.clear();
                if (stopping && queue.isEmpty()) {
                    return;
                }
            }
            abandonQueued();
        }

        void abandonQueued() {
            List<Object> left = new ArrayList<>();
            queue.drainTo(left);
            for (Object item : left) {
                if (item != WAKE) {
                    abandon.accept(cast(item));
                }
            }
        }

        @SuppressWarnings("unchecked")
        private T cast(Object item) {
            return (T) item;
        }
    }
}
