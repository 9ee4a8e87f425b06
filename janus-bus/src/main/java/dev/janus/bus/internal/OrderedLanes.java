package dev.janus.bus.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

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
    private final Runnable idle;
    private volatile boolean closing;
    private volatile boolean abandonQueued;

    /**
     * @param name thread-name prefix
     * @param count number of lanes
     * @param worker runs one unit of work; must not throw
     * @param abandon told of each unit left unstarted when the lanes stop without draining
     * @param idle run by a lane that found its queue empty, before it waits: the end of a burst
     */
    public OrderedLanes(String name, int count, Consumer<T> worker, Consumer<T> abandon, Runnable idle) {
        this.worker = worker;
        this.abandon = abandon;
        this.idle = idle;
        for (int i = 0; i < count; i++) {
            Lane lane = new Lane(name + "-" + i);
            lanes.add(lane);
            lane.thread.start();
        }
    }

    /** Queues the work on the lane of {@code key}. */
    public void submit(String key, T work) {
        lanes.get(laneOf(key)).offer(work);
    }

    /**
     * Queues each work on the lane of its key, then wakes each lane that got work and sleeps: one wake per lane
     * for the whole batch, rather than one per work.
     */
    public void submitAll(List<T> works, Function<T, String> keyOf) {
        boolean[] fed = new boolean[lanes.size()];
        for (T work : works) {
            int lane = laneOf(keyOf.apply(work));
            lanes.get(lane).queue.offer(work);
            fed[lane] = true;
        }
        for (int lane = 0; lane < fed.length; lane++) {
            if (fed[lane]) {
                lanes.get(lane).wakeIfParked();
            }
        }
    }

    private int laneOf(String key) {
        return Math.floorMod(key.hashCode(), lanes.size());
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
            lane.offer(WAKE);
        }
    }

    /** Waits up to {@code timeout} for running work to finish after {@link #beginStop}, then interrupts it. */
    public void awaitStop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : lanes) {
            try {
                long left = deadline - System.nanoTime();
                lane.current().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Lane lane : lanes) {
            Thread thread = lane.current();
            if (thread.isAlive()) {
                log.warn("Lane {} did not finish within {}; interrupting its handler", thread.getName(), timeout);
                lane.hardStop = true;
                thread.interrupt();
            }
        }
    }

    /** Whether {@link #stop} was called. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Gives the lane that {@code stuck} works for a new thread, which goes on with the lane's queue; {@code stuck}
     * leaves the lane when (if ever) its current work returns. For work that will not stop: the rest of its lane
     * must not wait on it. False when {@code stuck} is no lane's thread (it finished meanwhile, or was replaced).
     */
    public boolean replace(Thread stuck) {
        for (Lane lane : lanes) {
            synchronized (lane) {
                if (lane.thread == stuck && !closing) {
                    lane.generation++;
                    lane.thread = new Thread(lane, lane.name + "." + lane.generation);
                    lane.thread.setDaemon(true);
                    lane.thread.start();
                    return true;
                }
            }
        }
        return false;
    }

    private final class Lane implements Runnable {

        /** Polls of an empty queue before the lane parks: a short spin saves a park/unpark on bursts. */
        private static final int SPINS = 64;

        final Queue<Object> queue = new ConcurrentLinkedQueue<>();
        final String name;
        // replaced when its thread is stuck in work that will not stop (see replace)
        volatile Thread thread;
        int generation;
        /** Set by the lane before its last look at an empty queue; taken back by the one who wakes it. */
        final AtomicBoolean parked = new AtomicBoolean();
        volatile boolean stopping;
        volatile boolean hardStop;

        Lane(String name) {
            this.name = name;
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        Thread current() {
            return thread;
        }

        void offer(Object item) {
            queue.offer(item);
            wakeIfParked();
        }

        void wakeIfParked() {
            // after the offer: pairs with the lane announcing `parked` before its last look at the queue; only the
            // first waker unparks it, the offers after that find it awake (an unpark per offer cost a lock each)
            if (parked.get() && parked.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            // a thread that was replaced while its work hung leaves once the work returns
            while (!hardStop && thread == Thread.currentThread()) {
                Object item = next();
                if (item == null) {
                    continue;
                }
                if (item != WAKE) {
                    take(item);
                }
                if (stopping && queue.isEmpty()) {
                    return;
                }
            }
            if (thread == Thread.currentThread()) {
                abandonQueued();
            }
        }

        /**
         * Works on (or abandons) one item. The work must not throw (it settles its item itself); should it, the lane
         * logs it and goes on with its queue rather than end its thread, though what the item held stays held.
         */
        private void take(Object item) {
            try {
                if (abandonQueued) {
                    abandon.accept(cast(item));
                }
                else {
                    worker.accept(cast(item));
                }
            }
            catch (RuntimeException e) {
                log.error("Lane {} failed on its work and goes on with the next", Thread.currentThread().getName(), e);
            }
        }

        /** The next item, or null after a wake-up without one. */
        private Object next() {
            Object item = queue.poll();
            for (int spin = 0; item == null && spin < SPINS; spin++) {
                Thread.onSpinWait();
                item = queue.poll();
            }
            if (item != null) {
                return item;
            }
            try {
                idle.run();
            }
            catch (RuntimeException e) {
                log.error("Lane {} failed on its idle work and goes on", Thread.currentThread().getName(), e);
            }
            parked.set(true);
            item = queue.poll();
            if (item == null) {
                LockSupport.park(this);
            }
            parked.set(false);
            return item;
        }

        void abandonQueued() {
            for (Object item = queue.poll(); item != null; item = queue.poll()) {
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
