package dev.janus.bus.lifecycle;

import java.util.ArrayList;
import java.util.List;

import dev.janus.bus.Subscription;
import org.springframework.context.SmartLifecycle;

/**
 * A component's event handlers as a Spring lifecycle: they subscribe when the application context
 * starts and their subscriptions are cancelled (running handlers finish) when it stops.
 */
public abstract class EventHandlers implements SmartLifecycle {

    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean running;

    /** Subscribes the handlers; called once per start. */
    protected abstract List<Subscription> subscribe();

    @Override
    public synchronized void start() {
        if (!running) {
            subscriptions.addAll(subscribe());
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        subscriptions.forEach(Subscription::cancel);
        subscriptions.clear();
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
