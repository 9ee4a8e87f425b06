package dev.janus.tools.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventContext;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCatalogue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Announces the registry as {@code tools.registry.updated}: when the component starts, whenever the registry
 * changes, and every {@code janus.tools.catalogue-interval}, so that a component starting later (the LLM
 * component, which offers the tools to models) learns it without asking.
 */
public final class CatalogueAnnouncer implements SmartLifecycle {

    /** The stream the announcements are published on. */
    public static final String STREAM = "janus-tools";

    private static final Logger log = LoggerFactory.getLogger(CatalogueAnnouncer.class);

    private final ToolRegistry registry;
    private final EventPublisher bus;
    private final Duration interval;
    private final String source;
    private volatile @Nullable ScheduledExecutorService schedule;

    public CatalogueAnnouncer(ToolRegistry registry, EventPublisher bus, Duration interval, String source) {
        this.registry = registry;
        this.bus = bus;
        this.interval = interval;
        this.source = source;
        registry.onChange(this::announce);
    }

    /** Publishes the registry now; logs, never throws, when the bus refuses. */
    public void announce() {
        if (schedule == null) {
            return;
        }
        try {
            bus.publish(JanusEvent.create(EventType.TOOLS_REGISTRY_UPDATED, STREAM,
                    new ToolCatalogue(registry.definitions()), EventContext.from(source)));
        }
        catch (RuntimeException e) {
            log.warn("Could not announce the tool registry: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (schedule != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "janus-tools-catalogue");
            thread.setDaemon(true);
            return thread;
        });
        schedule = executor;
        executor.scheduleWithFixedDelay(this::announce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = schedule;
        schedule = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
