package dev.janus.memory.consolidation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.janus.bus.EventPublisher;
import dev.janus.events.ConsolidationReport;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.memory.MemoryConfiguration;
import dev.janus.memory.MemoryProperties;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallItem;
import dev.janus.memory.recall.Reembedding;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidies memory, for one user or for everyone, and publishes {@code memory.consolidation.completed} with what it did:
 * <ol>
 * <li>re-embeds the user's recall items whose vectors another embedding model made ({@link Reembedding}), so the
 * steps below and later recalls see all of them;</li>
 * <li>merges duplicate facts (same attribute and value) into one with every source event;</li>
 * <li>folds each stream's turns older than {@code summary-window} (at least {@code summary-min-turns} of them) into
 * one {@link ExtractiveSummary} item, which replaces them in history and in recall;</li>
 * <li>deletes history and recall items older than {@code retention}, and a user's oldest recall items beyond
 * {@code janus.memory.max-items-per-user}.</li>
 * </ol>
 * Facts are not expired: a superseded fact stays as history until the user deletes it or asks to be forgotten.
 */
public final class Consolidation {

    /** The stream the completion events are published on. */
    public static final String STREAM = "janus-memory-consolidation";

    private static final Logger log = LoggerFactory.getLogger(Consolidation.class);

    private final HistoryStore history;
    private final FactBook facts;
    private final RecallIndex recall;
    private final Embedder embedder;
    private final EventPublisher bus;
    private final MemoryProperties properties;
    private final Clock clock;
    private final Reembedding reembedding;

    public Consolidation(HistoryStore history, FactBook facts, RecallIndex recall, Embedder embedder,
            EventPublisher bus, MemoryProperties properties, Clock clock) {
        this.reembedding = new Reembedding(recall, embedder);
        this.history = history;
        this.facts = facts;
        this.recall = recall;
        this.embedder = embedder;
        this.bus = bus;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Consolidates every user's and every anonymous stream's memory. One user or stream whose consolidation fails
     * does not stop the others (it is tried again at the next run); the failures are logged once, together.
     */
    public ConsolidationReport runAll() {
        Set<String> users = new HashSet<>(facts.users());
        users.addAll(recall.users());
        Tally tally = new Tally();
        Instant now = clock.instant();
        List<String> failed = new ArrayList<>();
        @Nullable RuntimeException first = null;
        for (String userId : users) {
            try {
                consolidate(userId, now, tally);
            }
            catch (RuntimeException e) {
                failed.add("user " + userId);
                first = first == null ? e : first;
            }
        }
        Set<String> streams = history.streams();
        for (String streamId : streams) {
            try {
                rewrite(streamId, null, now, tally);
            }
            catch (RuntimeException e) {
                failed.add("stream " + streamId);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            log.warn("Consolidation failed for {} of {} users and streams ({}{}); the rest was consolidated, and the "
                    + "next run tries these again", failed.size(), users.size() + streams.size(),
                    String.join(", ", failed.subList(0, Math.min(5, failed.size()))),
                    failed.size() > 5 ? ", …" : "", first);
        }
        return publish(tally, null);
    }

    /** Consolidates one user's memory. */
    public ConsolidationReport runFor(String userId) {
        Tally tally = new Tally();
        consolidate(userId, clock.instant(), tally);
        return publish(tally, userId);
    }

    private void consolidate(String userId, Instant now, Tally tally) {
        int reembedded = reembedding.reembed(userId);
        if (reembedded > 0) {
            log.info("Re-embedded {} of user {}'s recall items with {}", reembedded, userId, embedder.modelId());
        }
        tally.factsMerged += facts.mergeDuplicates(userId);
        for (String streamId : history.streamsOf(userId)) {
            rewrite(streamId, userId, now, tally);
        }
        List<RecallItem> items = recall.items(userId);
        Instant retentionCutoff = now.minus(properties.consolidation().retention());
        // recall items past retention are the history entries expired above: removed, not counted twice
        recall.remove(userId, items.stream().filter(item -> item.at().isBefore(retentionCutoff))
                .map(RecallItem::id).toList());
        List<RecallItem> kept = items.stream().filter(item -> !item.at().isBefore(retentionCutoff)).toList();
        int over = kept.size() - properties.maxItemsPerUser();
        if (over > 0) {
            log.info("User {} has more recall items than janus.memory.max-items-per-user ({}): expiring the {} oldest",
                    userId, properties.maxItemsPerUser(), over);
            tally.itemsExpired += recall.remove(userId, kept.stream().sorted(Comparator.comparing(RecallItem::at))
                    .limit(over).map(RecallItem::id).toList());
        }
    }

    /** Summarises and expires the entries of one user (or the anonymous entries) of a stream. */
    private void rewrite(String streamId, @Nullable String userId, Instant now, Tally tally) {
        Instant summaryCutoff = now.minus(properties.consolidation().summaryWindow());
        Instant retentionCutoff = now.minus(properties.consolidation().retention());
        List<HistoryEntry> own = history.all(streamId).stream()
                .filter(entry -> Objects.equals(userId, entry.userId())).toList();
        List<HistoryEntry> expired = own.stream().filter(entry -> entry.at().isBefore(retentionCutoff)).toList();
        if (!expired.isEmpty()) {
            history.replace(streamId, expired, null);
            tally.itemsExpired += expired.size();
        }
        List<HistoryEntry> old = own.stream()
                .filter(entry -> !entry.at().isBefore(retentionCutoff) && entry.at().isBefore(summaryCutoff))
                .filter(entry -> entry.isTurn() && !HistoryEntry.SUMMARY.equals(entry.role()))
                .toList();
        if (old.size() < properties.consolidation().summaryMinTurns()) {
            return;
        }
        HistoryEntry last = old.get(old.size() - 1);
        String source = "summary-" + old.get(0).sourceEventId() + "-" + last.sourceEventId();
        HistoryEntry summary = HistoryEntry.of(streamId, userId, HistoryEntry.SUMMARY, ExtractiveSummary.of(old),
                source, last.at());
        history.replace(streamId, old, summary);
        tally.itemsSummarized += old.size();
        if (userId != null) {
            recall.remove(userId, old.stream().map(HistoryEntry::id).toList());
            recall.add(new RecallItem(summary.id(), userId, streamId, summary.role(), summary.text(),
                    summary.sourceEventId(), summary.at()), embedder.embed(summary.text()));
        }
    }

    private ConsolidationReport publish(Tally tally, @Nullable String userId) {
        ConsolidationReport report = new ConsolidationReport(tally.factsMerged, tally.itemsSummarized,
                tally.itemsExpired);
        EventContext context = EventContext.from(MemoryConfiguration.COMPONENT).forUser(userId, null);
        bus.publish(JanusEvent.create(EventKeys.MEMORY_CONSOLIDATION_COMPLETED, STREAM, report, context)).join();
        log.info("Consolidated {}: {} facts merged, {} items summarised, {} items expired",
                userId == null ? "all memories" : "the memories of " + userId, report.factsMerged(),
                report.itemsSummarized(), report.itemsExpired());
        return report;
    }

    private static final class Tally {
        int factsMerged;
        int itemsSummarized;
        int itemsExpired;
    }
}
