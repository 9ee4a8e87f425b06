package dev.janus.bus.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.janus.bus.UserErasure.Erased;
import dev.janus.bus.internal.ErasedUsers;
import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;
import dev.janus.redis.BusConnection;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure on Redis: the tombstone in the hash {@code janus:erased-users} (user → epoch millis of the erasure), which
 * every instance reads into its {@link ErasedUsers} every few seconds; the user's entries deleted ({@code XDEL})
 * from the type streams and the conversations' indexes, through the indexes; the user's dead letters deleted from
 * {@code janus:dlq}.
 */
final class UserErasureOnRedis {

    static final String ERASED_USERS = "janus:erased-users";

    private static final Logger log = LoggerFactory.getLogger(UserErasureOnRedis.class);
    private static final int DEAD_LETTER_PAGE = 1_000;

    private final BusConnection commands;
    private final ConversationIndex index;
    private final EventCodec codec;
    private final ErasedUsers erased;

    UserErasureOnRedis(BusConnection commands, ConversationIndex index, EventCodec codec, ErasedUsers erased) {
        this.commands = commands;
        this.index = index;
        this.codec = codec;
        this.erased = erased;
    }

    Erased erase(String userId, Instant erasedAt, Collection<String> streamIds) {
        commands.sync().hset(ERASED_USERS, userId, Long.toString(erasedAt.toEpochMilli()));
        erased.erased(userId, erasedAt);
        int events = 0;
        for (String streamId : streamIds) {
            events += eraseFromConversation(userId, streamId);
        }
        int letters = eraseDeadLetters(userId);
        log.info("Erased user {}: {} event(s) of {} conversation(s), {} dead letter(s)", userId, events,
                streamIds.size(), letters);
        return new Erased(events, letters);
    }

    /** Reads the erasures every instance recorded. */
    void refresh() {
        Map<String, String> all = commands.sync().hgetall(ERASED_USERS);
        all.forEach((user, millis) -> erased.erased(user, Instant.ofEpochMilli(Long.parseLong(millis))));
    }

    private int eraseFromConversation(String userId, String streamId) {
        String key = ConversationIndex.key(streamId);
        int erasedEvents = 0;
        List<String> indexEntries = new ArrayList<>();
        for (StreamMessage<String, String> indexed : index.all(streamId)) {
            String type = indexed.getBody().get(ConversationIndex.TYPE_FIELD);
            String id = indexed.getBody().get(ConversationIndex.ENTRY_FIELD);
            if (type == null || id == null) {
                continue;
            }
            String stream = StreamKeys.stream(type);
            List<StreamMessage<String, String>> found = commands.sync().xrange(stream, Range.create(id, id));
            if (found.isEmpty()) {
                // trimmed away already: only its index entry is left
                indexEntries.add(indexed.getId());
                continue;
            }
            if (ofUser(found.get(0).getBody().get(StreamKeys.EVENT_FIELD), userId)) {
                commands.sync().xdel(stream, id);
                indexEntries.add(indexed.getId());
                erasedEvents++;
            }
        }
        if (!indexEntries.isEmpty()) {
            commands.sync().xdel(key, indexEntries.toArray(String[]::new));
        }
        if (commands.sync().xlen(key) == 0) {
            commands.sync().del(key);
        }
        return erasedEvents;
    }

    private int eraseDeadLetters(String userId) {
        int deleted = 0;
        String after = "-";
        while (true) {
            List<StreamMessage<String, String>> page = commands.sync().xrange(StreamKeys.DEAD_LETTERS,
                    Range.create(after, "+"), Limit.from(DEAD_LETTER_PAGE));
            for (StreamMessage<String, String> letter : page) {
                if (!letter.getId().equals(after) && ofUser(letter.getBody().get(StreamKeys.EVENT_FIELD), userId)) {
                    commands.sync().xdel(StreamKeys.DEAD_LETTERS, letter.getId());
                    deleted++;
                }
            }
            if (page.size() < DEAD_LETTER_PAGE) {
                return deleted;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    private boolean ofUser(@Nullable String json, String userId) {
        if (json == null) {
            return false;
        }
        try {
            JanusEvent event = codec.decode(json);
            return userId.equals(event.context().userId());
        }
        catch (InvalidEventException e) {
            // not an event this build reads: judged by the field as written
            return json.contains("\"user_id\":\"" + userId + "\"");
        }
    }
}
