package dev.janus.bus.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.janus.bus.DeadLetter;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;

/** Writes and reads {@code janus:dlq}: each entry is the event plus error, attempts and origin. */
final class DeadLetterStream {

    private final BusConnection connection;
    private final long maxLength;

    DeadLetterStream(BusConnection connection, long maxLength) {
        this.connection = connection;
        this.maxLength = maxLength;
    }

    CompletableFuture<Void> write(DeadLetter letter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(StreamKeys.EVENT_FIELD, letter.event());
        if (letter.eventType() != null) {
            body.put(StreamKeys.TYPE_FIELD, letter.eventType());
        }
        if (letter.eventId() != null) {
            body.put("event_id", letter.eventId());
        }
        body.put("error", letter.error());
        body.put("attempts", Integer.toString(letter.attempts()));
        body.put("origin_stream", letter.originStream());
        body.put("origin_group", letter.originGroup());
        if (letter.originId() != null) {
            body.put("origin_id", letter.originId());
        }
        body.put("failed_at", letter.failedAt().toString());
        XAddArgs args = maxLength > 0 ? new XAddArgs().maxlen(maxLength).approximateTrimming(true) : new XAddArgs();
        return connection.async().xadd(StreamKeys.DEAD_LETTERS, args, body).toCompletableFuture().thenApply(id -> null);
    }

    List<DeadLetter> newest(int limit) {
        List<StreamMessage<String, String>> entries = connection.sync()
                .xrevrange(StreamKeys.DEAD_LETTERS, Range.create("-", "+"), io.lettuce.core.Limit.from(limit));
        List<DeadLetter> letters = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            Map<String, String> body = entry.getBody();
            letters.add(new DeadLetter(entry.getId(), body.getOrDefault(StreamKeys.EVENT_FIELD, ""),
                    body.get(StreamKeys.TYPE_FIELD), body.get("event_id"), body.getOrDefault("error", ""),
                    Integer.parseInt(body.getOrDefault("attempts", "0")), body.getOrDefault("origin_stream", ""),
                    body.getOrDefault("origin_group", ""), body.get("origin_id"),
                    Instant.parse(body.getOrDefault("failed_at", Instant.EPOCH.toString()))));
        }
        return letters;
    }

    long size() {
        return connection.sync().xlen(StreamKeys.DEAD_LETTERS);
    }
}
