package dev.janus.orchestrator.join;

import org.jspecify.annotations.Nullable;

/**
 * What {@link JoinStore#markResponded} found: whether the reply is to be published for this response event, and the
 * join it answers (its tool results go into the reply) when one is still kept.
 *
 * @param first true the first time a join's reply is marked and for a repeat of the same response event (a retry),
 *        false once another response event was marked; true when no join is kept, whose replies cannot be told apart
 * @param join the join as kept, or null when it is no longer kept (after {@code janus.orchestrator.join-retention})
 */
public record ResponseMark(boolean first, @Nullable Join join) {

    /** Another response event was marked first: this one publishes nothing. */
    public static final ResponseMark ANOTHER_WAS_FIRST = new ResponseMark(false, null);

    /** No join is kept for the correlation id. */
    public static final ResponseMark NO_JOIN = new ResponseMark(true, null);

    /** The first response (or its repeat) to {@code join}. */
    public static ResponseMark first(Join join) {
        return new ResponseMark(true, join);
    }
}
