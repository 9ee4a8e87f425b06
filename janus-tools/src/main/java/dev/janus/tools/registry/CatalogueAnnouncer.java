package dev.janus.tools.registry;

import java.time.Duration;

import dev.janus.bus.EventPublisher;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ToolCatalogue;
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
    private final String source;
    private final PeriodicTask schedule;

    public CatalogueAnnouncer(ToolRegistry registry, EventPublisher bus, Duration interval, String source) {
        this.registry = registry;
        this.bus = bus;
        this.source = source;
        this.schedule = new PeriodicTask("janus-tools-catalogue", Duration.ZERO, interval, this::announce);
        registry.onChange(this::announce);
    }

    /** Publishes the registry now; logs, never throws, when the bus refuses. */
    public void announce() {
        if (!schedule.isRunning()) {
            return;
        }
        try {
            bus.publish(JanusEvent.create(EventKeys.TOOLS_REGISTRY_UPDATED, STREAM,
                    new ToolCatalogue(registry.definitions()), EventContext.from(source)));
        }
        catch (RuntimeException e) {
            log.warn("Could not announce the tool registry: {}", e.toString());
        }
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }
}
