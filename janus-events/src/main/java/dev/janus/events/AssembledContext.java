package dev.janus.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What memory found relevant to a message.
 *
 * @param recentTurns the latest turns of the stream, oldest first
 * @param facts the user's long-term facts that apply
 * @param recalled semantically similar past items, best first
 */
public record AssembledContext(List<Turn> recentTurns, List<Fact> facts, List<RecalledItem> recalled)
        implements EventContent {

    public AssembledContext {
        recentTurns = Constraints.list("recent_turns", recentTurns, EventLimits.MAX_ITEMS);
        facts = Constraints.list("facts", facts, EventLimits.MAX_ITEMS);
        recalled = Constraints.list("recalled", recalled, EventLimits.MAX_ITEMS);
    }

    /**
     * The most characters a context holds, its texts, ids and roles and {@value #ITEM_OVERHEAD_CHARS} for the rest of
     * each turn, fact and item: four texts' worth at their size limit (with their ids, three such turns fit). A JSON
     * character takes at most six bytes (a control character, written as an escape of six), so a context within it
     * encodes to at most 768 KiB, and a {@link LlmRequest} carrying it, the message and its tool results still fits an
     * event ({@link EventLimits#MAX_EVENT_BYTES}) however long the conversation's texts.
     */
    public static final int MAX_TEXT_CHARS = 4 * EventLimits.MAX_TEXT_CHARS;

    /** What an entry's field names, times, scores and punctuation are counted as. */
    static final int ITEM_OVERHEAD_CHARS = 64;

    /**
     * This context cut to at most {@code maxChars} characters ({@link #MAX_TEXT_CHARS} says what counts): the newest
     * turns first, then the facts in their order, then the recalled items best first; what does not fit whole is
     * left out, and so is all that comes after it of its kind. This context itself when it is within the budget.
     */
    public AssembledContext within(int maxChars) {
        CharBudget budget = new CharBudget(maxChars);
        List<Turn> newestFirst = new ArrayList<>(recentTurns);
        Collections.reverse(newestFirst);
        List<Turn> keptTurns = budget.leading(newestFirst, AssembledContext::chars);
        Collections.reverse(keptTurns);
        List<Fact> keptFacts = budget.leading(facts, AssembledContext::chars);
        List<RecalledItem> keptRecalled = budget.leading(recalled, AssembledContext::chars);
        boolean whole = keptTurns.size() == recentTurns.size() && keptFacts.size() == facts.size()
                && keptRecalled.size() == recalled.size();
        return whole ? this : new AssembledContext(keptTurns, keptFacts, keptRecalled);
    }

    /** The characters left while a context is cut to its budget. */
    private static final class CharBudget {

        private int left;

        CharBudget(int chars) {
            this.left = chars;
        }

        /** The entries from the first up to the first that does not fit whole, taken out of the budget. */
        <T> List<T> leading(List<T> entries, ToIntFunction<T> charsOf) {
            List<T> kept = new ArrayList<>();
            for (T entry : entries) {
                int chars = charsOf.applyAsInt(entry);
                if (chars > left) {
                    break;
                }
                left -= chars;
                kept.add(entry);
            }
            return kept;
        }
    }

    private static int chars(Turn turn) {
        return turn.role().length() + turn.text().length() + turn.eventId().length() + ITEM_OVERHEAD_CHARS;
    }

    private static int chars(Fact fact) {
        int chars = fact.id().length() + fact.subject().length() + fact.attribute().length() + fact.value().length()
                + ITEM_OVERHEAD_CHARS;
        for (String source : fact.provenance()) {
            chars += source.length();
        }
        return chars;
    }

    private static int chars(RecalledItem item) {
        String role = item.role();
        return item.text().length() + item.sourceEventId().length() + (role == null ? 0 : role.length())
                + ITEM_OVERHEAD_CHARS;
    }

    /** A context with nothing in it, for when memory is not deployed or did not answer in time. */
    public static AssembledContext empty() {
        return new AssembledContext(List.of(), List.of(), List.of());
    }
}
