package dev.janus.memory.consolidation;

import java.time.Duration;

import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link Consolidation#runAll()} every {@code janus.memory.consolidation.interval} while the application runs
 * (unless {@code janus.memory.consolidation.enabled=false}). With Redis, replicas take turns: a run needs the lock
 * {@code janus:memory:consolidation-lock} (SET NX with an expiry of half the interval), so one replica consolidates per
 * interval.
 */
public final class ConsolidationSchedule implements SmartLifecycle {

    static final String LOCK = "janus:memory:consolidation-lock";

    private final Consolidation consolidation;
    private final Duration interval;
    private final boolean enabled;
    private final @Nullable SharedRedis redis;
    private final PeriodicTask timer;

    public ConsolidationSchedule(Consolidation consolidation, Duration interval, boolean enabled,
            @Nullable SharedRedis redis) {
        this.consolidation = consolidation;
        this.interval = interval;
        this.enabled = enabled;
        this.redis = redis;
        this.timer = new PeriodicTask("janus-memory-consolidation", interval, interval, this::runOnce);
    }

    /** One turn of the schedule; a failure is the timer's to log ({@link PeriodicTask}). */
    void runOnce() {
        if (redis != null && !"OK".equals(redis.sync().set(LOCK, "locked",
                SetArgs.Builder.nx().px(Math.max(1, interval.toMillis() / 2))))) {
            return;
        }
        consolidation.runAll();
    }

    @Override
    public void start() {
        if (enabled) {
            timer.start();
        }
    }

    @Override
    public void stop() {
        timer.stop();
    }

    @Override
    public boolean isRunning() {
        return timer.isRunning();
    }
}
