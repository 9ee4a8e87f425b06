package dev.janus.bus;

import java.util.List;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * The recent events the bus carried, for debugging and replay. Bounded: the in-memory engine keeps
 * the last {@code janus.bus.memory.history-size} events, Redis what its trimmed streams retain.
 */
public interface EventHistory {

    /**
     * Up to {@code limit} of the most recent events matching {@code pattern}, of one stream when
     * {@code streamId} is given, oldest first.
     */
    List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit);
}
