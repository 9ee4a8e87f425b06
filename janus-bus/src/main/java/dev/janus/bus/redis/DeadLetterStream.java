package dev.janus.bus.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.janus.bus.DeadLetter;
import dev.janus.redis.BusConnection;
import dev.janus.redis.LuaScript;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads {@code janus:dlq}: each entry is the event plus error, attempts, origin and (after a replay that
 * failed again) {@code history}, a JSON array of the earlier failures.
 */
final class DeadLetterStream {

    private static final String HISTORY_FIELD = "history";

    /**
     * Acknowledges the entry for its group and, when it was still pending, adds the letter: atomically, so a
     * consumer killed in between neither loses the letter nor leaves the entry pending to be dead-lettered again
     * by the next one. ARGV: origin group, origin id, max length (0: untrimmed), then field/value pairs.
     */
    private static final LuaScript ACKNOWLEDGE_AND_ADD = new LuaScript("""
            if redis.call('XACK', KEYS[2], ARGV[1], ARGV[2]) == 0 then
              return false
            end
            local fields = {}
            for i = 4, #ARGV do
              fields[#fields + 1] = ARGV[i]
            end
            if ARGV[3] == '0' then
              return redis.call('XADD', KEYS[1], '*', unpack(fields))
            end
            return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(fields))
            """);

    private final BusConnection connection;
    private final boolean cluster;
    private final JsonMapper json = JsonMapper.builder().build();
    private final long maxLength;

    DeadLetterStream(BusConnection connection, boolean cluster, long maxLength) {
        this.connection = connection;
        this.cluster = cluster;
        this.maxLength = maxLength;
    }

    /**
     * Adds the letter and acknowledges its origin entry for its group. On a single Redis both happen in one script,
     * and only while the entry is still pending: an entry another consumer settled meanwhile gets no second letter.
     * On a cluster, where the two keys live in different slots, the letter is added first and the entry
     * acknowledged by the caller after it, so a consumer killed in between can at worst cause a second letter,
     * never lose one.
     */
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
        if (!letter.history().isEmpty()) {
            body.put(HISTORY_FIELD, json.writeValueAsString(letter.history()));
        }
        if (!cluster && letter.originId() != null) {
            List<String> arguments = new ArrayList<>(List.of(letter.originGroup(), letter.originId(),
                    Long.toString(maxLength)));
            body.forEach((field, value) -> {
                arguments.add(field);
                arguments.add(value);
            });
            return ACKNOWLEDGE_AND_ADD.<Object>runAsync(connection.async(), ScriptOutputType.VALUE,
                    new String[] { StreamKeys.DEAD_LETTERS, letter.originStream() }, arguments.toArray(String[]::new))
                    .toCompletableFuture().thenApply(id -> null);
        }
        XAddArgs args = maxLength > 0 ? new XAddArgs().maxlen(maxLength).approximateTrimming(true) : new XAddArgs();
        return connection.async().xadd(StreamKeys.DEAD_LETTERS, args, body).toCompletableFuture().thenApply(id -> null);
    }

    List<DeadLetter> newest(int limit) {
        List<StreamMessage<String, String>> entries = connection.sync()
                .xrevrange(StreamKeys.DEAD_LETTERS, Range.create("-", "+"), io.lettuce.core.Limit.from(limit));
        return entries.stream().map(this::letter).toList();
    }

    Optional<DeadLetter> find(String id) {
        return connection.sync().xrange(StreamKeys.DEAD_LETTERS, Range.create(id, id)).stream().findFirst()
                .map(this::letter);
    }

    boolean delete(String id) {
        return connection.sync().xdel(StreamKeys.DEAD_LETTERS, id) > 0;
    }

    /**
     * The earlier failures a replayed entry, as a subscription reads it (values as UTF-8 bytes), carries; one line
     * saying so when another client wrote something unreadable there, so the entry is still handled or dead-lettered.
     */
    List<String> history(Map<String, byte[]> body) {
        byte[] history = body.get(StreamKeys.REPLAY_HISTORY_FIELD);
        if (history == null) {
            return List.of();
        }
        try {
            return List.of(json.readValue(history, String[].class));
        }
        catch (JacksonException e) {
            return List.of("(the replayed entry's " + StreamKeys.REPLAY_HISTORY_FIELD + " could not be read: "
                    + e.getOriginalMessage() + ")");
        }
    }

    /** The fields of an entry that delivers {@code letter}'s event again, to its origin group only. */
    Map<String, String> replayEntry(DeadLetter letter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(StreamKeys.EVENT_FIELD, letter.event());
        if (letter.eventType() != null) {
            body.put(StreamKeys.TYPE_FIELD, letter.eventType());
        }
        body.put(StreamKeys.REPLAY_GROUP_FIELD, letter.originGroup());
        body.put(StreamKeys.REPLAY_HISTORY_FIELD, json.writeValueAsString(letter.historyWithThis()));
        return body;
    }

    private DeadLetter letter(StreamMessage<String, String> entry) {
        Map<String, String> body = entry.getBody();
        String history = body.get(HISTORY_FIELD);
        return new DeadLetter(entry.getId(), body.getOrDefault(StreamKeys.EVENT_FIELD, ""),
                body.get(StreamKeys.TYPE_FIELD), body.get("event_id"), body.getOrDefault("error", ""),
                Integer.parseInt(body.getOrDefault("attempts", "0")), body.getOrDefault("origin_stream", ""),
                body.getOrDefault("origin_group", ""), body.get("origin_id"),
                Instant.parse(body.getOrDefault("failed_at", Instant.EPOCH.toString())),
                history == null ? List.of() : List.of(json.readValue(history, String[].class)));
    }

    long size() {
        return connection.sync().xlen(StreamKeys.DEAD_LETTERS);
    }
}
