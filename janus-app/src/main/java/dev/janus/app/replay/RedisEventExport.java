package dev.janus.app.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.janus.bus.redis.ConversationIndex;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * Reads recorded events out of the Redis streams of a running Janus ({@code janus:<event_type>}, dead letters
 * left out): those of some streams, of a time range, or both. Reads only; what the streams no longer hold
 * ({@code janus.bus.redis.max-length} trimmed it) cannot be exported.
 */
public final class RedisEventExport {

    private static final String DEAD_LETTERS = "janus:dlq";

    private final EventCodec codec = new EventCodec();

    /**
     * The events of {@code streamIds} (every stream when empty) published from {@code from} to {@code to}
     * (unbounded when absent), oldest first.
     */
    public List<JanusEvent> export(String redisUrl, Set<String> streamIds, @Nullable Instant from,
            @Nullable Instant to) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Range<String> range = Range.create(from == null ? "-" : Long.toString(from.toEpochMilli()),
                    to == null ? "+" : Long.toString(to.toEpochMilli()));
            List<JanusEvent> events = new ArrayList<>();
            if (streamIds.isEmpty()) {
                for (String stream : typeStreams(redis)) {
                    redis.xrange(stream, range).forEach(entry -> decode(entry.getBody().get("event"), events));
                }
            }
            else {
                // each conversation through its index: only its own entries are read
                for (String streamId : streamIds) {
                    for (StreamMessage<String, String> indexed : redis.xrange(ConversationIndex.key(streamId), range)) {
                        String type = indexed.getBody().get(ConversationIndex.TYPE_FIELD);
                        String id = indexed.getBody().get(ConversationIndex.ENTRY_FIELD);
                        if (type != null && id != null) {
                            redis.xrange("janus:" + type, Range.create(id, id))
                                    .forEach(entry -> decode(entry.getBody().get("event"), events));
                        }
                    }
                }
            }
            return EventLog.of(events).events();
        }
        finally {
            client.shutdown();
        }
    }

    private void decode(@Nullable String json, List<JanusEvent> into) {
        if (json == null) {
            return;
        }
        try {
            into.add(codec.decode(json));
        }
        catch (InvalidEventException e) {
            // not an event: the consumers dead-lettered it when they met it
        }
    }

    /** The streams of event types (not the dead letters, not the conversations' indexes). */
    private static List<String> typeStreams(RedisCommands<String, String> redis) {
        List<String> streams = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, KeyScanArgs.Builder.matches("janus:*").type("stream")
                    .limit(500));
            page.getKeys().stream()
                    .filter(key -> !key.equals(DEAD_LETTERS) && !key.startsWith("janus:conversation:"))
                    .forEach(streams::add);
            cursor = page;
        }
        while (!cursor.isFinished());
        return streams;
    }
}
