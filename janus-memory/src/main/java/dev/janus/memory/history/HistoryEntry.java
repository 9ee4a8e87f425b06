package dev.janus.memory.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.janus.events.Abbreviation;
import dev.janus.events.EventLimits;
import dev.janus.events.Turn;
import org.jspecify.annotations.Nullable;

/**
 * One item of a stream's history: what was said or done, by whom, from which event, when.
 *
 * @param id the item's identifier, derived from the stream and the source event, so a redelivery yields the same id
 * @param streamId the stream (conversation) it belongs to
 * @param userId the user the event was about; absent for anonymous streams
 * @param role {@link #USER}, {@link #ASSISTANT}, {@link #TOOL}, {@link #EVENT} (stream markers) or {@link #SUMMARY}
 * @param text what was said (for markers and summaries: a description)
 * @param sourceEventId the event it was stored from (for a summary: a derived id)
 * @param at when it happened (the event's timestamp)
 */
public record HistoryEntry(String id, String streamId, @Nullable String userId, String role, String text,
        String sourceEventId, Instant at) {

    /** A user's message. */
    public static final String USER = "user";

    /** A reply of Janus. */
    public static final String ASSISTANT = "assistant";

    /** A tool's result. */
    public static final String TOOL = "tool";

    /** A stream marker: started, ended. */
    public static final String EVENT = "event";

    /** An extractive summary of older turns, written by consolidation. */
    public static final String SUMMARY = "summary";

    public HistoryEntry {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(role, "role must not be null");
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(sourceEventId, "sourceEventId must not be null");
        Objects.requireNonNull(at, "at must not be null");
    }

    /** What ends a text cut to {@link EventLimits#MAX_TEXT_CHARS}. */
    static final String CUT = " … (cut at the size limit)";

    /**
     * An entry whose id derives from the stream and the source event. Its text is cut to what an event's text may
     * hold ({@link EventLimits#MAX_TEXT_CHARS}), so that it can always go back out in a context or a recall: a tool's
     * output, already at that limit, grows past it by the tool's name in front.
     */
    public static HistoryEntry of(String streamId, @Nullable String userId, String role, String text,
            String sourceEventId, Instant at) {
        return new HistoryEntry(idFor(streamId, sourceEventId), streamId, userId, role, fitted(text), sourceEventId,
                at);
    }

    private static String fitted(String text) {
        return text.length() <= EventLimits.MAX_TEXT_CHARS ? text
                : Abbreviation.abbreviate(text, EventLimits.MAX_TEXT_CHARS - CUT.length(), CUT);
    }

    /** The id of the entry stored from {@code sourceEventId} in {@code streamId}. */
    public static String idFor(String streamId, String sourceEventId) {
        return "item-" + UUID.nameUUIDFromBytes((streamId + "/" + sourceEventId).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this is a turn of the conversation (not a marker). */
    public boolean isTurn() {
        return !EVENT.equals(role);
    }

    /** The entry as the contracts' {@link Turn}. */
    public Turn toTurn() {
        return new Turn(role, text, sourceEventId, at);
    }
}
