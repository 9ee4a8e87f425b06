package dev.janus.bus.redis;

/** The Redis keys of the bus; part of the public interface operators rely on. */
final class StreamKeys {

    /** Prefix of every stream key: {@code janus:<event_type>}. */
    static final String PREFIX = "janus:";

    /** The dead-letter stream. */
    static final String DEAD_LETTERS = "janus:dlq";

    /** A set of every event type ever published, so wildcard subscribers find types they do not know. */
    static final String KNOWN_TYPES = "janus:streams";

    /** The field holding the event's JSON in a stream entry. */
    static final String EVENT_FIELD = "event";

    /** The field holding the event type in a stream entry, for inspection with redis-cli. */
    static final String TYPE_FIELD = "event_type";

    /** Set on an entry replayed from the dead-letter queue: the only consumer group that handles it. */
    static final String REPLAY_GROUP_FIELD = "replay_group";

    /** Set on an entry replayed from the dead-letter queue: its earlier failures, as a JSON array of strings. */
    static final String REPLAY_HISTORY_FIELD = "replay_history";

    private StreamKeys() {
    }

    static String stream(String eventType) {
        return PREFIX + eventType;
    }

    static String eventType(String streamKey) {
        return streamKey.substring(PREFIX.length());
    }

    /** Marks that {@code group} handled {@code eventId}; expires after the idempotency TTL. */
    static String handled(String group, String eventId) {
        return "janus:handled:" + group + ":" + eventId;
    }
}
