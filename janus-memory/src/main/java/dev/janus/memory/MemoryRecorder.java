package dev.janus.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.janus.bus.EventPublisher;
import dev.janus.events.ConflictDetected;
import dev.janus.events.EventKeys;
import dev.janus.events.Fact;
import dev.janus.events.JanusEvent;
import dev.janus.events.LearnedFact;
import dev.janus.events.PatternDetected;
import dev.janus.events.TextContent;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.facts.FactExtractor;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.patterns.PatternDetector;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallItem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what happened in a conversation. A user's message goes into the stream's history, its facts into the user's
 * facts (publishing {@code memory.fact.learned} for each, and {@code memory.conflict.detected} for each contradiction), its embedding into the user's recall
 * index, and its counts into the user's patterns (publishing {@code memory.pattern.detected}). Tool results go into
 * history and into recall under the vector of the message they answered, replies and stream markers into history
 * only (a reply restates what memory and tools supplied).
 * Every step is idempotent on the source event id, so a message recorded both from {@code input.message.received}
 * and from its context request, or redelivered, is stored once and its events are republished under the same ids.
 * A message's embedding is taken from its context request when the orchestrator's model is memory's
 * ({@link PendingEmbeddings}), so each message is embedded once.
 */
public final class MemoryRecorder {

    private static final Logger log = LoggerFactory.getLogger(MemoryRecorder.class);

    // how far back an interrupted reply's whole text is looked for: it is the stream's latest reply or close to it
    private static final int REPLY_SEARCH = 50;

    private final HistoryStore history;
    private final FactExtractor extractor;
    private final FactBook facts;
    private final Embedder embedder;
    private final RecallIndex recall;
    private final PatternDetector patterns;
    private final EventPublisher bus;
    private final PendingEmbeddings pending;

    MemoryRecorder(HistoryStore history, FactExtractor extractor, FactBook facts, Embedder embedder,
            RecallIndex recall, PatternDetector patterns, EventPublisher bus, PendingEmbeddings pending) {
        this.pending = pending;
        this.history = history;
        this.extractor = extractor;
        this.facts = facts;
        this.embedder = embedder;
        this.recall = recall;
        this.patterns = patterns;
        this.bus = bus;
    }

    /**
     * Records a user's message said in {@code sourceEventId}, all of it at once.
     *
     * @param flow the event carrying the message's flow: the message itself or its context request
     * @param vector the message's embedding when the caller has it already
     */
    public void recordMessage(JanusEvent flow, String text, String sourceEventId, Instant at,
            float @Nullable [] vector) {
        finishRecording(addToRecall(recordHistoryAndFacts(flow, text, sourceEventId, at), vector));
    }

    /**
     * Records what a context reads of a user's message: the message in history and the facts it states.
     * {@link #addToRecall} gives it its place in recall, and {@link #finishRecording} does the rest (patterns, the
     * events of what was learned), which a context request does after its answer went out.
     *
     * @param flow the event carrying the message's flow: the message itself or its context request
     */
    public Recorded recordHistoryAndFacts(JanusEvent flow, String text, String sourceEventId, Instant at) {
        String userId = flow.context().userId();
        // a message that arrived first and waits for this embedding keeps its own time, not its request's
        PendingEmbeddings.Pending waiting = pending.peek(sourceEventId);
        Instant said = waiting != null ? waiting.at() : at;
        HistoryEntry entry = HistoryEntry.of(flow.streamId(), userId, HistoryEntry.USER, text, sourceEventId, said);
        if (waiting == null) {
            // a waiting message was put in history, this very entry, before it began to wait: a round trip saved
            history.append(entry);
        }
        List<JanusEvent> learned = userId == null ? List.of() : learnFacts(flow, text, sourceEventId, said, userId);
        // taken out of its wait only now, so that a failure before leaves it waiting with the tool results it holds
        PendingEmbeddings.Pending taken = pending.take(sourceEventId);
        return new Recorded(flow, entry, userId, null, learned, taken != null ? taken.answers() : List.of(), false);
    }

    /**
     * Gives a message recorded in history ({@link #recordHistoryAndFacts}) its place in the user's recall, and the
     * tool results that waited for its vector theirs.
     *
     * @param vector the message's embedding when the caller has it already; else it is embedded now
     * @return the message as recorded now; as it was for an anonymous message or one with nothing to recall it by
     */
    public Recorded addToRecall(Recorded recorded, float @Nullable [] vector) {
        String userId = recorded.userId();
        String text = recorded.entry().text();
        if (userId == null || vector == null && !TextContent.isVisible(text)) {
            return recorded; // kept in the history only
        }
        float[] embedding;
        boolean recallInStep;
        try {
            embedding = vector != null ? vector : embedder.embed(text);
            recallInStep = recall.add(toItem(recorded.entry(), userId), embedding)
                    & addAnswers(recorded.answers(), embedding);
        }
        catch (RuntimeException e) {
            waitAgain(recorded, userId);
            throw e;
        }
        return new Recorded(recorded.flow(), recorded.entry(), userId, embedding, recorded.learned(),
                recorded.answers(), recallInStep);
    }

    /** Adds the tool results that waited for a message with its vector; whether the index stayed in step. */
    private boolean addAnswers(List<RecallItem> answers, float[] vector) {
        boolean inStep = true;
        for (RecallItem answer : answers) {
            inStep &= recall.add(answer, vector);
        }
        return inStep;
    }

    /**
     * Lets the tool results taken out of the wait with a message wait with it again when they could not join recall:
     * the message's context request, delivered again, or the end of the new wait gives them their place.
     */
    private void waitAgain(Recorded recorded, String userId) {
        if (recorded.answers().isEmpty()) {
            return;
        }
        HistoryEntry entry = recorded.entry();
        var again = new PendingEmbeddings.Pending(recorded.flow(), userId, entry.text(), entry.sourceEventId(),
                entry.at(), new ArrayList<>(recorded.answers()));
        if (!pending.defer(again, this::embedLate)) {
            log.warn("The {} tool result(s) of message {} are in history but not in recall: too many messages wait "
                    + "for their embedding", recorded.answers().size(), entry.sourceEventId());
        }
    }

    /** The rest of a message's recording ({@link #addToRecall}): its patterns, then the events. */
    public void finishRecording(Recorded recorded) {
        List<JanusEvent> events = new ArrayList<>(recorded.learned());
        String userId = recorded.userId();
        float[] embedding = recorded.embedding();
        if (userId != null && embedding != null) {
            events.addAll(patterns(recorded.flow(), recorded.entry(), userId, embedding));
        }
        events.forEach(event -> bus.publish(event).join());
    }

    /**
     * A user's message recorded as far as its context needs ({@link #recordHistoryAndFacts}, {@link #addToRecall}).
     *
     * @param flow the event carrying the message's flow
     * @param entry the message in history
     * @param userId whose message it is; absent for an anonymous message (recorded in history only)
     * @param embedding its embedding; absent until it joins recall, and for a message that does not (anonymous, or
     *        nothing visible to embed)
     * @param learned the events of the facts it stated, not yet published
     * @param answers the results of the tools its turn ran that came while it waited for its vector: they join
     *        recall with it
     * @param recallInStep whether the user's recall index was in step with the store when the message joined it
     *        ({@link RecallIndex#add})
     */
    public record Recorded(JanusEvent flow, HistoryEntry entry, @Nullable String userId, float @Nullable [] embedding,
            List<JanusEvent> learned, List<RecallItem> answers, boolean recallInStep) {

        public Recorded {
            learned = List.copyOf(learned);
            answers = List.copyOf(answers);
        }
    }

    /**
     * Records a user's message as it arrives ({@code input.message.received}): history and facts at once, its
     * embedding only if its context request does not bring one within {@code janus.memory.recall.embedding-wait}
     * (the orchestrator embeds every message it asks context for), so the message is embedded once, not twice.
     */
    public void recordArrivingMessage(JanusEvent message, String text) {
        String userId = message.context().userId();
        if (userId == null || !pending.enabled()) {
            recordMessage(message, text, message.eventId(), message.timestamp(), null);
            return;
        }
        HistoryEntry entry = HistoryEntry.of(message.streamId(), userId, HistoryEntry.USER, text,
                message.eventId(), message.timestamp());
        history.append(entry);
        List<JanusEvent> learned = learnFacts(message, text, message.eventId(), message.timestamp(), userId);
        learned.forEach(event -> bus.publish(event).join());
        if (!TextContent.isVisible(text)) {
            return;
        }
        if (recall.contains(userId, entry.id())) {
            // its context request came first: indexed at the request's time, now at the message's own, with the
            // embedding the request brought (cached, so this embeds nothing)
            index(message, entry, userId, embedder.embed(text)).forEach(event -> bus.publish(event).join());
            return;
        }
        PendingEmbeddings.Pending waiting = PendingEmbeddings.Pending.of(message, userId, text, message.eventId(),
                message.timestamp());
        if (!pending.defer(waiting, this::embedLate)) {
            recordMessage(message, text, message.eventId(), message.timestamp(), null);
        }
    }

    /**
     * Embeds and indexes the messages still waiting for their embedding, so that none is left out of recall when the
     * service stops (their {@code input.message.received} was acknowledged already). Spring calls it before it closes
     * the stores and the bus, which this depends on.
     */
    public void close() {
        List<PendingEmbeddings.Pending> waiting = pending.drain();
        if (!waiting.isEmpty()) {
            log.info("Embedding {} message(s) that still waited for their context request before stopping",
                    waiting.size());
        }
        waiting.forEach(this::embedLate);
    }

    /**
     * Forgets the texts this instance keeps of every user's recent messages: the embeddings and the fact extractor's
     * answers (a user was erased; they are not kept by user).
     */
    public void forgetCachedTexts() {
        try {
            embedder.clearCache();
        }
        finally {
            extractor.clearCache();
        }
    }

    /** Drops the user's messages that wait for an embedding (the user is being erased). */
    public void forgetWaiting(String userId) {
        pending.claimUser(userId);
    }

    /**
     * On the wait's timer: no context request came for the message here, so memory embeds it itself (or takes the
     * embedding a request handled meanwhile left in the cache) and indexes it at the message's own time.
     */
    private void embedLate(PendingEmbeddings.Pending waiting) {
        try {
            indexWaiting(waiting, embedder.embed(waiting.text()));
        }
        catch (RuntimeException e) {
            log.warn("Could not embed the message {} for recall", waiting.sourceEventId(), e);
        }
    }

    private void indexWaiting(PendingEmbeddings.Pending waiting, float[] vector) {
        HistoryEntry entry = HistoryEntry.of(waiting.flow().streamId(), waiting.userId(), HistoryEntry.USER,
                waiting.text(), waiting.sourceEventId(), waiting.at());
        List<JanusEvent> detected = index(waiting.flow(), entry, waiting.userId(), vector);
        addAnswers(waiting.answers(), vector);
        detected.forEach(event -> bus.publish(event).join());
    }

    private List<JanusEvent> learnFacts(JanusEvent flow, String text, String sourceEventId, Instant at,
            String userId) {
        List<JanusEvent> learned = new ArrayList<>();
        FactBook.Learned learnedFacts = facts.learn(userId, extractor.extract(text), sourceEventId, at);
        for (Fact fact : learnedFacts.facts()) {
            learned.add(MemoryEvents.learned(flow, sourceEventId, EventKeys.MEMORY_FACT_LEARNED, fact.id(),
                    new LearnedFact(fact)));
        }
        for (ConflictDetected conflict : learnedFacts.conflicts()) {
            learned.add(MemoryEvents.learned(flow, sourceEventId, EventKeys.MEMORY_CONFLICT_DETECTED,
                    conflict.existing().id(), conflict));
        }
        return learned;
    }

    /** Patterns and recall for the message; returns the pattern events to publish. */
    private List<JanusEvent> index(JanusEvent flow, HistoryEntry entry, String userId, float[] embedding) {
        List<JanusEvent> detected = patterns(flow, entry, userId, embedding);
        recall.add(toItem(entry, userId), embedding);
        return detected;
    }

    /** The patterns the message adds to (a repeated question leaves the message itself out), as events to publish. */
    private List<JanusEvent> patterns(JanusEvent flow, HistoryEntry entry, String userId, float[] embedding) {
        List<JanusEvent> detected = new ArrayList<>();
        for (PatternDetected pattern : patterns.observe(toItem(entry, userId), embedding)) {
            detected.add(MemoryEvents.learned(flow, entry.sourceEventId(), EventKeys.MEMORY_PATTERN_DETECTED,
                    pattern.kind() + "/" + pattern.occurrences() + "/" + pattern.description(), pattern));
        }
        return detected;
    }

    /** Records a tool's result: history, and recall by the meaning of the message it answered. */
    public void recordToolResult(JanusEvent event, String text) {
        String userId = event.context().userId();
        HistoryEntry entry = HistoryEntry.of(event.streamId(), userId, HistoryEntry.TOOL, text, event.eventId(),
                event.timestamp());
        history.append(entry);
        if (userId == null || !TextContent.isVisible(text)) {
            return;
        }
        // The message whose turn ran the tool is the flow's first event: its id is the flow's correlation id. The
        // result joins recall with that message's vector, so that it is recalled by the question it answered and
        // costs no embedding of its own: at once when the message is indexed, with the message when it still waits
        // for its vector, and with its own embedding when memory has no such message (a flow that began without
        // one, or a message taken out of its wait but not indexed yet).
        RecallItem item = toItem(entry, userId);
        String asked = event.correlationId();
        if (pending.attach(asked, item)) {
            return;
        }
        float[] question = recall.vectorOf(userId, HistoryEntry.idFor(event.streamId(), asked));
        recall.add(item, question != null ? question : embedder.embed(text));
    }

    /**
     * Records a reply: history only, one entry per request (its correlation id), so that a reply cut short by
     * barge-in replaces it whichever of the two arrives first.
     */
    public void recordReply(JanusEvent event, String text) {
        history.append(reply(event, text));
    }

    /** Records what was delivered of a reply before the user interrupted it, in place of the whole reply. */
    public void recordInterruptedReply(JanusEvent delivered, String text) {
        HistoryEntry cut = reply(delivered, text);
        List<HistoryEntry> whole = history.recent(delivered.streamId(), REPLY_SEARCH).stream()
                .filter(entry -> entry.id().equals(cut.id()) && !entry.text().equals(cut.text()))
                .toList();
        if (whole.isEmpty()) {
            history.append(cut);
        }
        else {
            history.replace(delivered.streamId(), whole, cut);
        }
    }

    private static HistoryEntry reply(JanusEvent event, String text) {
        return HistoryEntry.of(event.streamId(), event.context().userId(), HistoryEntry.ASSISTANT, text,
                "reply/" + event.correlationId(), event.timestamp());
    }

    /** Records a stream marker: history only. */
    public void recordInHistory(JanusEvent event, String role, String text) {
        history.append(HistoryEntry.of(event.streamId(), event.context().userId(), role, text, event.eventId(),
                event.timestamp()));
    }

    private static RecallItem toItem(HistoryEntry entry, String userId) {
        return new RecallItem(entry.id(), userId, entry.streamId(), entry.role(), entry.text(), entry.sourceEventId(),
                entry.at());
    }
}
