package dev.janus.redis;

import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

/**
 * The I/O threads and timers every Redis client of this JVM shares, as Lettuce advises (one {@link ClientResources}
 * however many clients). With resources of its own, each client started as many event-loop threads as there are
 * cores: with the bus, the shared state and three components in one JVM that was a dozen threads on two cores, each
 * woken for its own few commands. Counted: the last client to close shuts them down.
 */
final class SharedClientResources {

    private static @Nullable ClientResources resources;
    private static int users;

    private SharedClientResources() {
    }

    /** The resources, created for the first user. */
    static synchronized ClientResources acquire() {
        ClientResources shared = resources;
        if (shared == null) {
            shared = RedisConnector.resources();
            resources = shared;
        }
        users++;
        return shared;
    }

    /** One user fewer; the last shuts the resources down. */
    static synchronized void release() {
        ClientResources shared = resources;
        if (shared != null && --users == 0) {
            shared.shutdown();
            resources = null;
        }
    }
}
