package dev.janus.events;

/**
 * What a memory consolidation run did.
 *
 * @param factsMerged duplicate facts merged
 * @param itemsSummarized history items folded into summaries
 * @param itemsExpired items removed by the retention policy
 */
public record ConsolidationReport(int factsMerged, int itemsSummarized, int itemsExpired) implements EventContent {

    public ConsolidationReport {
        Constraints.notNegative("facts_merged", factsMerged);
        Constraints.notNegative("items_summarized", itemsSummarized);
        Constraints.notNegative("items_expired", itemsExpired);
    }
}
