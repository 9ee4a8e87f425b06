package dev.janus.input.delivery;

import java.util.ArrayList;
import java.util.List;

import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * A stream's replies, delivered or not, oldest first: the {@code output.formatting.completed}
 * events of the stream as the bus retains them. A client that was away reads what it missed after
 * the cursor (the event id) of the last reply it saw.
 */
public class Outbox {

    private static final EventPattern REPLIES = EventPattern.of(EventKeys.OUTPUT_FORMATTING_COMPLETED.wireName());

    private final EventHistory history;

    public Outbox(EventHistory history) {
        this.history = history;
    }

    /**
     * Replies of the stream after {@code cursor} among its newest {@code limit} whose JSON stays within a page's
     * {@link EventHistory#MAX_PAGE_BYTES}; all of those when the cursor is absent or not among them.
     */
    public List<Frame.Response> after(String streamId, @Nullable String cursor, int limit) {
        // a page's worth of JSON at most: replies carrying long tool answers weigh up to ~1 MB each
        List<JanusEvent> replies = history.recentEvents(REPLIES, streamId, limit, EventHistory.MAX_PAGE_BYTES);
        int start = 0;
        if (cursor != null) {
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i).eventId().equals(cursor)) {
                    start = i + 1;
                    break;
                }
            }
        }
        List<Frame.Response> frames = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JanusEvent reply : replies.subList(start, replies.size())) {
            // a reply redelivered to output is republished with the same id; show it once
            if (seen.add(reply.eventId())) {
                frames.add(frame(reply, reply.content(EventKeys.OUTPUT_FORMATTING_COMPLETED)));
            }
        }
        return frames;
    }

    /** The frame a client receives for a formatted reply ({@code output.formatting.completed}). */
    public static Frame.Response frame(JanusEvent reply, FormattedResponse response) {
        return new Frame.Response(reply.correlationId(), response.text(), response.format(), response.channel(),
                Frame.ToolResultView.of(response.toolResults()), reply.eventId());
    }
}
