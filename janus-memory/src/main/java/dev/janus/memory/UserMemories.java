package dev.janus.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.janus.bus.EventPublisher;
import dev.janus.bus.UserErasure;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.UserErased;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.facts.StoredFact;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.patterns.PatternStore;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallItem;

/**
 * What memory holds about one user, for the REST interface: to show it, forget one item of it, or forget it all.
 * Forgetting a user erases them everywhere Janus keeps them: memory's own stores, the bus (the user's events leave
 * their conversations and the dead-letter queue; their older events are refused from then on, so a late duplicate
 * brings nothing back), and, through {@code memory.user.erased}, what other components keep (tools: reminders and
 * call outcomes; proactive: its windows). Stream ownership and API keys stay: they are not the user's content.
 */
public final class UserMemories {

    private final FactBook facts;
    private final HistoryStore history;
    private final RecallIndex recall;
    private final PatternStore patterns;
    private final UserErasure erasure;
    private final EventPublisher bus;
    private final Clock clock;
    private final MemoryRecorder recorder;

    public UserMemories(FactBook facts, HistoryStore history, RecallIndex recall, PatternStore patterns,
            UserErasure erasure, EventPublisher bus, Clock clock, MemoryRecorder recorder) {
        this.recorder = recorder;
        this.facts = facts;
        this.history = history;
        this.recall = recall;
        this.patterns = patterns;
        this.erasure = erasure;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * A user's memories.
     *
     * @param facts current and superseded facts, oldest first
     * @param items recallable items (messages, tool results, summaries), newest first
     * @param streams the streams with the user's history
     */
    public record Snapshot(List<StoredFact> facts, List<RecallItem> items, List<String> streams) {

        /** Whether memory holds nothing about the user. */
        public boolean isEmpty() {
            return facts.isEmpty() && items.isEmpty() && streams.isEmpty();
        }
    }

    /**
     * What forgetting a user removed.
     *
     * @param facts facts, current and superseded
     * @param historyItems history entries in every stream
     * @param recallItems recall items with their embeddings
     * @param streams the user's conversations, from which their events were erased
     * @param events the user's events taken out of those conversations on the bus
     * @param deadLetters the user's dead letters deleted
     * @param erasureEventId the {@code memory.user.erased} event the other components act on
     */
    public record Forgotten(int facts, int historyItems, int recallItems, List<String> streams, int events,
            int deadLetters, String erasureEventId) {

        /** Whether there was nothing to forget. */
        public boolean isEmpty() {
            return facts == 0 && historyItems == 0 && recallItems == 0 && events == 0 && deadLetters == 0;
        }
    }

    /** The user's memories. */
    public Snapshot of(String userId) {
        List<RecallItem> items = recall.items(userId).stream()
                .sorted(java.util.Comparator.comparing(RecallItem::at).reversed()).toList();
        return new Snapshot(facts.all(userId), items, history.streamsOf(userId).stream().sorted().toList());
    }

    /**
     * Forgets everything about the user: history in every stream, facts, embeddings, pattern counts, cached
     * embeddings and the fact extractor's cached texts and answers; then erases the user from the bus and publishes {@code memory.user.erased}.
     */
    public Forgotten forget(String userId) {
        Instant erasedAt = clock.instant();
        recorder.forgetWaiting(userId);
        List<String> streams = history.streamsOf(userId).stream().sorted().toList();
        int factCount = facts.forget(userId);
        List<HistoryEntry> entries = history.forget(userId);
        int items = recall.forget(userId);
        patterns.forget(userId);
        recorder.forgetCachedTexts();
        UserErasure.Erased erased = erasure.eraseUser(userId, erasedAt, streams);
        JanusEvent announced = JanusEvent.create(EventKeys.MEMORY_USER_ERASED, "erasures",
                new UserErased(userId, erasedAt, streams),
                new EventContext(MemoryConfiguration.COMPONENT, null, null, null, java.util.Map.of()));
        bus.publish(announced).join();
        return new Forgotten(factCount, entries.size(), items, streams, erased.events(), erased.deadLetters(),
                announced.eventId());
    }

    /**
     * Forgets one memory of the user: a fact by its id, or an item (history entry and its embedding) by its id.
     *
     * @return what kind of memory it was ({@code fact} or {@code item}); empty when the user has none with this id
     */
    public Optional<String> forget(String userId, String memoryId) {
        if (facts.remove(userId, memoryId).isPresent()) {
            return Optional.of("fact");
        }
        boolean inHistory = history.remove(userId, memoryId).isPresent();
        boolean inRecall = recall.remove(userId, List.of(memoryId)) > 0;
        return inHistory || inRecall ? Optional.of("item") : Optional.empty();
    }
}
