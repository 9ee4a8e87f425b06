package dev.janus.input;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Ends idle sessions on a schedule ({@code janus.input.sweep-interval}). */
public class SessionExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final Conversations conversations;
    private final InputProperties properties;
    private ScheduledExecutorService scheduler;

    public SessionExpiry(Conversations conversations, InputProperties properties) {
        this.conversations = conversations;
        this.properties = properties;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "janus-session-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                conversations.expireIdleSessions();
            }
            catch (RuntimeException e) {
                log.warn("Could not expire idle sessions: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
