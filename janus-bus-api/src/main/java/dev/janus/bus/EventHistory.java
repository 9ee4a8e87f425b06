package dev.janus.bus;

import java.util.List;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * The events the bus retains, for a conversation's history, debugging and replay. Bounded: the in-memory engine
 * keeps the last {@code janus.bus.memory.history-size} events, Redis what its streams retain (per type,
 * {@code janus.bus.redis.retention}). Each conversation's events are indexed as they are published, so one
 * conversation is read without reading anyone else's.
 */
public interface EventHistory {

    /**
     * Up to {@code limit} of the most recent events matching {@code pattern}, of one stream when
     * {@code streamId} is given (read through its index), oldest first: what a replay asks for, bounded by
     * {@code limit} alone.
     */
    default List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit) {
        return recentEvents(pattern, streamId, limit, Long.MAX_VALUE);
    }

    /**
     * As {@link #recentEvents(EventPattern, String, int)}, but only the newest whose JSON stays within
     * {@code maxBytes} (at least one), so that what a request reads stays bounded: the outbox reads a page's
     * {@link #MAX_PAGE_BYTES} of a conversation, an administrator's export its own budget of every stream's.
     */
    List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit, long maxBytes);

    /** The most JSON a page of {@link #conversation} carries, but for its first event (at most 2 MiB itself). */
    int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    /**
     * A page of one conversation's retained events, oldest first: the first {@code limit} after {@code after}
     * (a cursor of an earlier page), or without a cursor the newest {@code limit}. Events trimmed away since they
     * were indexed are skipped; an event published twice (a retried publish) is listed once. A page ends early
     * rather than take its events' JSON past {@link #MAX_PAGE_BYTES} (a conversation of long utterances, say), so
     * what one request reads stays bounded; its cursor carries on after its last event all the same.
     *
     * @throws InvalidCursorException when {@code after} is not a cursor this engine could have given (not of its
     *         form, or a number out of its range), before anything is read
     */
    ConversationPage conversation(String streamId, @Nullable String after, int limit);

    /**
     * One page of a conversation.
     *
     * @param events the events, oldest first
     * @param nextCursor where the next page starts: the cursor of the last event listed, or the cursor given when
     *        there was nothing after it (absent when the conversation has no events)
     */
    record ConversationPage(List<JanusEvent> events, @Nullable String nextCursor) {

        public ConversationPage {
            events = List.copyOf(events);
        }
    }
}
