package dev.janus.proactive;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.janus.proactive.detect.UnansweredQuestionDetector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/** Runs {@link UnansweredQuestionDetector#sweep} every sweep interval on one thread of its own while the app runs. */
public final class UnansweredSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnansweredSweep.class);

    private final UnansweredQuestionDetector detector;
    private final Findings findings;
    private final Duration interval;
    private @Nullable ScheduledExecutorService scheduler;

    public UnansweredSweep(UnansweredQuestionDetector detector, Findings findings, Duration interval) {
        this.detector = detector;
        this.findings = findings;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "janus-proactive-sweep");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            detector.sweep(findings);
        }
        catch (RuntimeException e) {
            log.warn("Looking for unanswered messages failed; trying again in {}", interval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
