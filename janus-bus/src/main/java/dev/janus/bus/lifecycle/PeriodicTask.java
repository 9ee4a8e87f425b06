package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.config.PropertyCheck;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs an action after an initial delay and then every interval, on a daemon thread of its own, while the
 * application runs: the periodic work of a component (announcements, sweeps of what fell due). A run that throws
 * is logged and the next run goes on: the first failure of a streak at WARN with its stack trace, the failures in a row
 * after it at DEBUG, and the first run that succeeds again at INFO with how many failed — so a Redis outage logs two
 * lines per task, not one per run (a sweep every 50 ms wrote twenty warnings a second). Stopping lets a run in
 * progress finish for up to 5 s, then interrupts it and waits up to 5 s more.
 */
public final class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private final Runnable action;
    private @Nullable ScheduledExecutorService executor;

    /**
     * @param name the thread's name, e.g. {@code janus-tools-reminders}
     * @param initialDelay before the first run
     * @param interval between the end of a run and the start of the next
     * @param action the work
     */
    public PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable action) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.action = action;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(new Runs()::run, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                running.shutdownNow();
                running.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** The runs of one start, on its thread: the action and the streak of failures it is in. */
    private final class Runs {

        private int failuresInARow;

        void run() {
            try {
                action.run();
            }
            catch (RuntimeException e) {
                failuresInARow++;
                if (failuresInARow == 1) {
                    log.warn("{} failed; it runs again in {} (failures in a row are logged at DEBUG until a run "
                            + "succeeds)", name, PropertyCheck.readable(interval), e);
                }
                else {
                    log.debug("{} failed again ({} in a row): {}", name, failuresInARow, e.toString());
                }
                return;
            }
            if (failuresInARow > 0) {
                log.info("{} succeeded again after {} failed run(s)", name, failuresInARow);
                failuresInARow = 0;
            }
        }
    }
}
