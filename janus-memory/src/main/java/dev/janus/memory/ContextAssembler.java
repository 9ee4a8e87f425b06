package dev.janus.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.janus.events.AssembledContext;
import dev.janus.events.ContextRequest;
import dev.janus.events.EventKeys;
import dev.janus.events.Fact;
import dev.janus.events.JanusEvent;
import dev.janus.events.RecalledItem;
import dev.janus.events.Turn;
import dev.janus.events.vocabulary.FactVocabulary;
import dev.janus.events.vocabulary.Words;
import dev.janus.memory.facts.FactBook;
import dev.janus.memory.history.HistoryEntry;
import dev.janus.memory.history.HistoryStore;
import dev.janus.memory.recall.Embedder;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallSelection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a context request with the stream's recent turns, the user's most relevant facts and the user's
 * semantically closest past items. The message being answered is recorded first (its request carries it), so its
 * facts and embedding are in memory whichever of {@code input.message.received} and the request arrives first. The
 * request's own embedding of the message is used when its model is memory's ({@code janus.embeddings.model}); else
 * memory embeds the message.
 * Recording what the context needs of the message (history and facts, then its embedding and place in recall) and
 * recall run on the recall threads; meanwhile the caller's thread reads the stream's recent turns and the user's
 * facts (both reads sent at once: one round trip to Redis), and adds the message to them once it is in history
 * (reading the facts again only when it stated some). The
 * whole context gets {@code janus.memory.recall-budget}: past it, the context goes out without recalled items
 * (counted in {@code janus.memory.recall.timeouts}; turns and facts read again, as far as they are recorded by then)
 * and the recording finishes in the background, so the orchestrator's join is never missed because of memory. The
 * rest of the recording (patterns, the events of what was learned) waits until the context went out, and the request
 * is acknowledged only once the whole message is recorded ({@link #finishRecording}), whether or not the answer
 * waited for it.
 */
public final class ContextAssembler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContextAssembler.class);
    private static final int QUEUE = 1_000;
    private static final int CANDIDATES_PER_ITEM = 3;
    private static final int MAX_CANDIDATES = 300;
    /** How long finishing a message's recording waits for the part its recall began. */
    static final int RECORDING_WAIT_SECONDS = 30;

    private final HistoryStore history;
    private final FactBook facts;
    private final Embedder embedder;
    private final RecallIndex recall;
    private final MemoryRecorder recorder;
    private final MemoryProperties properties;
    private final ThreadPoolExecutor recallThreads;
    private final Counter timeouts;
    private final Counter carriedEmbeddings;
    private final Timer assembly;

    public ContextAssembler(HistoryStore history, FactBook facts, Embedder embedder, RecallIndex recall,
            MemoryRecorder recorder, MemoryProperties properties, MeterRegistry meters) {
        this.history = history;
        this.facts = facts;
        this.embedder = embedder;
        this.recall = recall;
        this.recorder = recorder;
        this.properties = properties;
        AtomicInteger count = new AtomicInteger();
        this.recallThreads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "janus-memory-recall-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.timeouts = Counter.builder("janus.memory.recall.timeouts")
                .description("context requests answered without recalled items because recall exceeded its budget")
                .register(meters);
        this.carriedEmbeddings = Counter.builder("janus.memory.embeddings.carried")
                .description("context requests whose query embedding came with the request (not embedded again)")
                .register(meters);
        this.assembly = Timer.builder("janus.memory.context.assembly")
                .description("time from a context request to its answer").register(meters);
    }

    /**
     * The context for the request event. The rest of recording its message (patterns, the events of what was
     * learned) is left to {@link #finishRecording} once the context went out.
     */
    public Assembly assemble(JanusEvent requestEvent) {
        long started = System.nanoTime();
        long deadline = started + properties.recallBudget().toNanos();
        ContextRequest request = requestEvent.content(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED);
        String userId = request.userId() != null ? request.userId() : requestEvent.context().userId();
        String messageId = requestEvent.causationId() != null ? requestEvent.causationId() : requestEvent.eventId();
        CompletableFuture<MemoryRecorder.@Nullable Recorded> heard = new CompletableFuture<>();
        CompletableFuture<Recall> recording = record(requestEvent, request, userId, messageId, heard);
        // read while the message is being recorded: it, and any facts it states, are added once it is in history
        RecentAndFacts read = readRecentAndFacts(requestEvent.streamId(), userId);
        List<HistoryEntry> recent = read.recent();
        List<Fact> current = read.facts();
        MemoryRecorder.Recorded inHistory = within(heard, deadline, requestEvent);
        Recall recall = Recall.NONE;
        if (inHistory != null) {
            recent = withMessage(recent, inHistory.entry());
            if (userId != null && !inHistory.learned().isEmpty()) {
                current = facts.current(userId);
            }
            Recall recalled = within(recording, deadline, requestEvent);
            recall = recalled != null ? recalled : Recall.NONE;
        }
        else {
            // past the budget, failed or not recorded here: as much of the message as is recorded by now
            read = readRecentAndFacts(requestEvent.streamId(), userId);
            recent = read.recent();
            current = read.facts();
        }
        // within what an event holds, however long the conversation's texts
        AssembledContext context = new AssembledContext(turnsOf(recent), relevantFacts(current, request.query()),
                recall.items()).within(AssembledContext.MAX_TEXT_CHARS);
        assembly.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return new Assembly(context, recording);
    }

    /**
     * Finishes recording the message of an answered request: waits for the part its recall began (at most
     * {@value #RECORDING_WAIT_SECONDS} s: a recall past its budget is still recording), then records the rest.
     *
     * @throws IllegalStateException when the message could not be recorded, so that the request is delivered again
     */
    public void finishRecording(Assembly assembly) {
        Recall recall;
        try {
            recall = assembly.recording().get(RECORDING_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("recording the message failed: " + e.getCause(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("recording the message took more than " + RECORDING_WAIT_SECONDS + " s");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the message was being recorded", e);
        }
        if (recall.recorded() != null) {
            recorder.finishRecording(recall.recorded());
        }
    }

    /**
     * A context request's answer, and its message's recording so far.
     *
     * @param context the answer
     * @param recording the recording and recall the answer took its items from, or did not wait for
     */
    public record Assembly(AssembledContext context, CompletableFuture<Recall> recording) {
    }

    /**
     * Recalled items, and the message's recording they were found with.
     *
     * @param items the items
     * @param recorded the message as far as it is recorded; absent when the recall threads were saturated (it is
     *        then recorded from {@code input.message.received} alone)
     */
    public record Recall(List<RecalledItem> items, MemoryRecorder.@Nullable Recorded recorded) {

        static final Recall NONE = new Recall(List.of(), null);
    }

    /**
     * Records what the context needs of the message and recalls for it, on the recall threads: {@code heard} is
     * completed once the message is in history and its facts are learned (with {@code null} when the recall threads
     * are saturated), then it joins recall and is recalled for.
     */
    private CompletableFuture<Recall> record(JanusEvent requestEvent, ContextRequest request, @Nullable String userId,
            String messageId, CompletableFuture<MemoryRecorder.@Nullable Recorded> heard) {
        // the orchestrator's embedding of the message, when its model is memory's: no second embedding
        float[] carried = embedder.carried(request.query(), request.embedding());
        if (carried != null) {
            carriedEmbeddings.increment();
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                MemoryRecorder.Recorded inHistory;
                try {
                    inHistory = recorder.recordHistoryAndFacts(requestEvent, request.query(), messageId,
                            requestEvent.timestamp());
                }
                catch (RuntimeException e) {
                    heard.completeExceptionally(e);
                    throw e;
                }
                heard.complete(inHistory);
                MemoryRecorder.Recorded recorded = recorder.addToRecall(inHistory, carried);
                float[] embedding = recorded.embedding();
                if (embedding == null || userId == null) {
                    return new Recall(List.of(), recorded);
                }
                // a message said a moment ago in another conversation, still waiting for its own context request,
                // is indexed when that request (or the end of its wait) comes, not here: embedding every waiting
                // message of the user in each recall made a busy user's recalls embed dozens of messages
                // more candidates than asked for: questions, duplicates and repeats of the message are left out
                int count = Math.min(request.maxItems() * CANDIDATES_PER_ITEM, MAX_CANDIDATES);
                // nor the message itself or the tool results of its turn, which joined recall with its vector
                Set<String> excluded = new HashSet<>();
                excluded.add(messageId);
                recorded.answers().forEach(answer -> excluded.add(answer.sourceEventId()));
                List<RecallIndex.Recalled> candidates = recorded.recallInStep()
                        ? recall.recallInStep(userId, embedding, count, excluded)
                        : recall.recall(userId, embedding, count, excluded);
                return new Recall(RecallSelection.of(candidates, request.query(), request.maxItems()), recorded);
            }, recallThreads);
        }
        catch (RejectedExecutionException e) {
            timeouts.increment();
            log.warn("Recall is saturated ({} requests queued): answering {} without recalled items", QUEUE,
                    requestEvent.correlationId());
            heard.complete(null);
            return CompletableFuture.completedFuture(Recall.NONE);
        }
    }

    /**
     * What the recording gave by the deadline ({@code janus.memory.recall-budget}); absent past it, when it failed or
     * when it gave nothing.
     */
    private <T> @Nullable T within(CompletableFuture<T> recording, long deadline, JanusEvent requestEvent) {
        try {
            return recording.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            timeouts.increment();
            log.warn("Recall for {} took longer than janus.memory.recall-budget ({}): answering without recalled items",
                    requestEvent.correlationId(), properties.recallBudget());
            return null;
        }
        catch (ExecutionException e) {
            log.warn("Recall for {} failed: answering without recalled items", requestEvent.correlationId(),
                    e.getCause());
            return null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The stream's latest entries, enough for {@code janus.memory.recent-turns} turns, and the user's current facts
     * (none without a user), both reads sent before either is waited for: one round trip to Redis, not two in turn.
     */
    private RecentAndFacts readRecentAndFacts(String streamId, @Nullable String userId) {
        int wanted = properties.recentTurns();
        Supplier<List<HistoryEntry>> recent = wanted == 0 ? List::of : history.readRecent(streamId, wanted * 2);
        Supplier<List<Fact>> current = userId == null ? List::of : facts.readCurrent(userId);
        return new RecentAndFacts(recent.get(), current.get());
    }

    private record RecentAndFacts(List<HistoryEntry> recent, List<Fact> facts) {
    }

    /** The entries with the message in its place by time, if they were read before it was recorded. */
    private List<HistoryEntry> withMessage(List<HistoryEntry> recent, HistoryEntry message) {
        int wanted = properties.recentTurns() * 2;
        if (wanted == 0 || recent.stream().anyMatch(entry -> entry.id().equals(message.id()))) {
            return recent;
        }
        List<HistoryEntry> entries = new ArrayList<>(recent);
        entries.add(message);
        entries.sort(Comparator.comparing(HistoryEntry::at));
        return entries.size() > wanted ? entries.subList(entries.size() - wanted, entries.size()) : entries;
    }

    private List<Turn> turnsOf(List<HistoryEntry> recent) {
        int wanted = properties.recentTurns();
        List<Turn> turns = new ArrayList<>();
        for (HistoryEntry entry : recent) {
            if (entry.isTurn()) {
                turns.add(entry.toTurn());
            }
        }
        return turns.size() > wanted ? List.copyOf(turns.subList(turns.size() - wanted, turns.size())) : turns;
    }

    /**
     * The user's current facts, those sharing words with the query first (compared by the shared vocabulary's concepts,
     * so "who is my GP?" finds a fact {@code doctor}), then the newest.
     */
    private List<Fact> relevantFacts(List<Fact> currentFacts, String query) {
        Set<String> queryWords = concepts(query);
        List<Fact> current = new ArrayList<>(currentFacts);
        Map<Fact, Integer> overlaps = new IdentityHashMap<>();
        current.forEach(fact -> overlaps.put(fact, overlap(queryWords, fact)));
        current.sort(Comparator.comparingInt((Fact fact) -> -overlaps.getOrDefault(fact, 0))
                .thenComparing(Fact::at, Comparator.reverseOrder()));
        return current.size() > properties.maxFacts() ? List.copyOf(current.subList(0, properties.maxFacts()))
                : current;
    }

    private static int overlap(Set<String> queryWords, Fact fact) {
        int shared = 0;
        Set<String> factWords = concepts(fact.value());
        factWords.addAll(FactVocabulary.conceptsOf(fact.attribute()));
        for (String word : factWords) {
            if (queryWords.contains(word)) {
                shared++;
            }
        }
        return shared;
    }

    private static Set<String> concepts(String text) {
        Set<String> concepts = new HashSet<>();
        Words.of(text).forEach(word -> concepts.add(FactVocabulary.conceptOf(word)));
        return concepts;
    }

    @Override
    public void close() {
        recallThreads.shutdownNow();
    }
}
