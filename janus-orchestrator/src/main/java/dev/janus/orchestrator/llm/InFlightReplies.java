package dev.janus.orchestrator.llm;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.janus.events.JanusEvent;
import dev.janus.events.StreamInterrupted;

/**
 * The replies this instance is generating, by stream, so that an {@code input.stream.interrupted} (which every LLM
 * instance receives) cancels the ones of its stream. An interruption cancels what is in flight when it arrives; a
 * request that arrives after it is answered normally. Thread-safe.
 */
public final class InFlightReplies {

    private final Map<String, Set<ReplyInProgress>> byStream = new ConcurrentHashMap<>();

    /** Registers a reply until {@link #remove}. */
    public void add(ReplyInProgress reply) {
        byStream.computeIfAbsent(reply.request().streamId(), key -> ConcurrentHashMap.newKeySet()).add(reply);
    }

    /** Forgets a finished reply. */
    public void remove(ReplyInProgress reply) {
        byStream.computeIfPresent(reply.request().streamId(), (key, replies) -> {
            replies.remove(reply);
            return replies.isEmpty() ? null : replies;
        });
    }

    /** Cancels the replies of the interrupted stream. */
    public void onInterrupted(JanusEvent event, StreamInterrupted interrupted) {
        String reason = interrupted.reason();
        Set<ReplyInProgress> replies = byStream.get(event.streamId());
        if (replies != null) {
            replies.forEach(reply -> reply.cancel(reason));
        }
    }

    /** How many replies are in flight. */
    public int size() {
        return byStream.values().stream().mapToInt(Set::size).sum();
    }
}
