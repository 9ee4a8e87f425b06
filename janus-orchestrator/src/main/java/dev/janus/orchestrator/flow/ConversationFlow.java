package dev.janus.orchestrator.flow;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.ContentHandler;
import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.bus.lifecycle.LeasedBatches;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.ContextRequest;
import dev.janus.events.EventContent;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolRequest;
import dev.janus.events.ToolResult;
import dev.janus.events.vocabulary.Channels;
import dev.janus.orchestrator.OrchestratorProperties;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.intent.MessageEmbedding;
import dev.janus.orchestrator.intent.SentenceTypeFirst;
import dev.janus.orchestrator.join.Join;
import dev.janus.orchestrator.join.JoinStore;
import dev.janus.orchestrator.join.ResponseMark;
import dev.janus.orchestrator.planning.ToolPlanner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The orchestrator's handling of a conversation, in consumer group {@value #GROUP}:
 * <ol>
 * <li>{@code input.message.received}: opens the join, requests the tool calls the {@link ToolPlanner} found
 * ({@code orchestrator.tools.requested}), embeds the message once ({@link IntentClassifier#embed}) and asks
 * memory for context with that embedding ({@code orchestrator.context.requested}, so memory does not embed the
 * message again), then classifies the intent from the same embedding on the classifier threads (the sentence
 * type first, {@link SentenceTypeFirst}) — requests only for deployed branches, and neither waits for the
 * classification;</li>
 * <li>the classification ({@code orchestrator.intent.classified}), {@code memory.context.assembled} and
 * {@code tools.execution.completed|failed} arrive in the {@link JoinStore}; the arrival after which everything
 * expected is there, or the deadline {@code janus.orchestrator.join-timeout} after the message, completes the
 * join on exactly one replica, which publishes {@code orchestrator.llm.requested} (naming the branches that
 * did not answer in {@code missing}). The classification is expected only when the responder reads it
 * ({@code waitForIntent}); otherwise it goes into the request if it arrived in time;</li>
 * <li>{@code llm.response.generated}: publishes {@code orchestrator.response.ready} for the message's channel,
 * with the join's tool results, once per request flow.</li>
 * </ol>
 * Every event is built with {@link JanusEvent#replyOnce} on the event it answers, so correlation and trace
 * carry through and a handler that runs again (a redelivery, a retry after a failed publish) publishes the
 * very same event, which the consumers' idempotency guards skip. Subscribes and starts the deadline poll on {@link #start()}; {@link #stop()} cancels both.
 */
public final class ConversationFlow implements SmartLifecycle {

    /** The consumer group and source of the orchestrator. */
    public static final String GROUP = "janus-orchestrator";

    /** The channel of a reply to a message that names none. */
    public static final String DEFAULT_CHANNEL = Channels.CHAT;

    /** The format of the replies: the LLM writes markdown. */
    public static final String FORMAT = "markdown";

    private static final Logger log = LoggerFactory.getLogger(ConversationFlow.class);
    private static final int CLAIM_BATCH = 100;
    private static final int CLASSIFICATION_QUEUE = 1_000;

    private final EventBus bus;
    private final JoinStore joins;
    private final ToolPlanner planner;
    private final IntentClassifier classifier;
    private final OrchestratorProperties properties;
    private final boolean waitForIntent;
    private final Clock clock;
    private final Counter joinTimeouts;
    private final Timer replyLatency;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile @Nullable ThreadPoolExecutor classifications;
    private final PeriodicTask deadlines;
    private volatile boolean running;

    /** A flow whose joins wait for the intent. */
    public ConversationFlow(EventBus bus, JoinStore joins, ToolPlanner planner, IntentClassifier classifier,
            OrchestratorProperties properties, Clock clock, MeterRegistry meters) {
        this(bus, joins, planner, classifier, properties, true, clock, meters);
    }

    /**
     * A flow.
     *
     * @param waitForIntent whether a join waits for the classification (the offline responder reads it); without
     *        memory and tools it always does, having nothing else to wait for
     */
    public ConversationFlow(EventBus bus, JoinStore joins, ToolPlanner planner, IntentClassifier classifier,
            OrchestratorProperties properties, boolean waitForIntent, Clock clock, MeterRegistry meters) {
        this.joinTimeouts = Counter.builder("janus.orchestrator.join.timeouts")
                .description("Joins that requested the LLM at their deadline, without every branch's answer")
                .register(meters);
        this.replyLatency = Timer.builder("janus.reply.latency")
                .description("Time from a message's input.message.received to its orchestrator.response.ready")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(meters);
        this.bus = bus;
        this.joins = joins;
        this.planner = planner;
        // the sentence type is decided first: a question is never taken for something to remember
        this.classifier = new SentenceTypeFirst(classifier, properties.defaultIntent(),
                properties.toolsOf(properties.defaultIntent()));
        this.properties = properties;
        this.deadlines = new PeriodicTask("janus-join-deadlines", properties.joinPollInterval(),
                properties.joinPollInterval(), this::expireJoins);
        this.waitForIntent = waitForIntent;
        this.clock = clock;
    }

    void onMessage(JanusEvent message, TextContent content) {
        String text = content.text();
        boolean memory = properties.branches().memory();
        List<ToolCall> calls = properties.branches().tools() ? planner.plan(text) : List.of();
        // A redelivered message finds its join open and publishes its requests again, under the same event ids:
        // consumers skip them if they arrived, and they recover requests a crash kept from being published.
        // a timer's result comes when it is up: its join waits that much longer than the timeout
        Duration longestCall = calls.stream().map(ToolPlanner::expectedRunTime).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        boolean intent = waitForIntent || (!memory && calls.isEmpty());
        // the join is open before any request goes out, so that no answer finds it missing; the tools go first
        // (they take longest), and a message without tools is embedded while the join opens
        JoinStore.Opening opening = joins.open(Join.open(message, memory, intent,
                calls.stream().map(ToolCall::callId).toList(),
                clock.instant().plus(properties.joinTimeout()).plus(longestCall)));
        List<CompletableFuture<Void>> requests = new ArrayList<>(2);
        if (!calls.isEmpty()) {
            opening.opened();
            requests.add(bus.publish(message.replyOnce(EventKeys.ORCHESTRATOR_TOOLS_REQUESTED, new ToolRequest(calls),
                    GROUP)));
        }
        // One embedding per message: memory recalls with it and the classifier reads it, neither embeds again.
        MessageEmbedding embedding = memory ? embed(message, text) : null;
        if (calls.isEmpty()) {
            opening.opened();
        }
        if (memory) {
            requests.add(bus.publish(message.replyOnce(EventKeys.ORCHESTRATOR_CONTEXT_REQUESTED,
                    new ContextRequest(text, message.context().userId(), properties.contextMaxItems(),
                            embedding == null ? null : embedding.quantised()), GROUP)));
        }
        // Nothing above waits for the classification, nor the join unless the responder reads the intent.
        classifications().execute(() -> classify(message, text, embedding));
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
    }

    /** The message's embedding, or absent (memory then embeds it itself) when the classifier has none or fails. */
    private @Nullable MessageEmbedding embed(JanusEvent message, String text) {
        if (!TextContent.isVisible(text)) {
            return null;
        }
        try {
            return classifier.embed(text);
        }
        catch (RuntimeException e) {
            log.warn("Embedding {} failed: memory embeds it itself", message.correlationId(), e);
            return null;
        }
    }

    void onArrival(JanusEvent arrival) {
        joins.arrive(arrival.correlationId(), arrival).ifPresent(this::requestLlm);
    }

    void onResponse(JanusEvent generated, GeneratedResponse reply) {
        String correlationId = generated.correlationId();
        ResponseMark mark = joins.markResponded(correlationId, generated.eventId());
        if (!mark.first()) {
            log.debug("{} already has its reply; ignoring the further response {}", correlationId,
                    generated.eventId());
            return;
        }
        Join join = mark.join();
        if (join == null) {
            log.info("No join is kept for {} any more (janus.orchestrator.join-retention): replying without its tool "
                    + "results", correlationId);
        }
        String channel = join != null ? join.message().context().channel() : generated.context().channel();
        // within what an event holds, however much the tools answered (Join.results)
        List<ToolResult> results = join != null ? join.results() : List.of();
        FormattedResponse response = new FormattedResponse(reply.text(),
                channel == null ? DEFAULT_CHANNEL : channel, FORMAT, results);
        bus.publish(generated.replyOnce(EventKeys.ORCHESTRATOR_RESPONSE_READY, response, GROUP)).join();
        if (join != null) {
            // measured from the message's own timestamp (set where it arrived), once per request flow
            Duration latency = Duration.between(join.message().timestamp(), clock.instant());
            if (!latency.isNegative()) {
                replyLatency.record(latency);
            }
        }
    }

    /** {@code janus.orchestrator.default-intent} with its tools, at confidence 0. */
    private ClassifiedIntent defaultIntent() {
        return new ClassifiedIntent(properties.defaultIntent(), 0.0, properties.toolsOf(properties.defaultIntent()));
    }

    private void classify(JanusEvent message, String text, @Nullable MessageEmbedding embedding) {
        ClassifiedIntent intent;
        try {
            // text of invisible characters only says nothing to classify (and the embedding models refuse it)
            intent = TextContent.isVisible(text) ? classifier.classify(text, embedding) : defaultIntent();
        }
        catch (RuntimeException e) {
            log.warn("Classifying {} failed, using janus.orchestrator.default-intent '{}'", message.correlationId(),
                    properties.defaultIntent(), e);
            intent = defaultIntent();
        }
        JanusEvent classified = message.replyOnce(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED, intent, GROUP);
        try {
            bus.publish(classified).join();
            onArrival(classified);
        }
        catch (RuntimeException e) {
            // The join's deadline still completes it, with the default intent.
            log.warn("Could not record the intent of {}: {}", message.correlationId(), e.toString());
        }
    }

    private void requestLlm(Join join) {
        if (join.timedOut()) {
            log.info("Join {} timed out after {} waiting for {}", join.correlationId(), properties.joinTimeout(),
                    join.intent() == null && join.expectsIntent() ? join.missing() + " and the intent"
                            : join.missing());
        }
        bus.publish(join.message().replyOnce(EventKeys.ORCHESTRATOR_LLM_REQUESTED,
                join.llmRequest(properties.defaultIntent()), GROUP)).join();
    }

    /**
     * Completes the joins whose deadline passed; a failure to look for them is the deadline task's to log. A join
     * whose request could not be published is claimed again once its lease passed; so is one this batch did not
     * get to within half the lease (publishes slowed down by Redis), rather than be published while another replica
     * may be claiming it again.
     */
    void expireJoins() {
        if (!LeasedBatches.drain(clock::instant, JoinStore.CLAIM_LEASE, CLAIM_BATCH, joins::claimExpired,
                this::requestAndSettle)) {
            log.warn("Publishing timed-out joins' requests is slow; the rest of this batch is claimed again in {} s",
                    JoinStore.CLAIM_LEASE.toSeconds());
        }
    }

    /**
     * Publishes a claimed join's LLM request, then settles the claim and counts the timeout; a failure of either is
     * logged.
     */
    private void requestAndSettle(Join join) {
        try {
            requestLlm(join);
        }
        catch (RuntimeException e) {
            log.error("Could not publish the LLM request of timed-out join {}; it is claimed again in {} s",
                    join.correlationId(), JoinStore.CLAIM_LEASE.toSeconds(), e);
            return;
        }
        try {
            joins.settle(join.correlationId());
        }
        catch (RuntimeException e) {
            log.warn("Published the LLM request of timed-out join {} but could not settle it; it may be published "
                    + "again in {} s", join.correlationId(), JoinStore.CLAIM_LEASE.toSeconds(), e);
            return;
        }
        // counted once settled: a join claimed again, because its publish or its settling failed, counts once
        if (join.timedOut()) {
            joinTimeouts.increment();
        }
    }

    private ThreadPoolExecutor classifications() {
        ThreadPoolExecutor executor = classifications;
        if (executor == null) {
            throw new IllegalStateException("the conversation flow is not started");
        }
        return executor;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        int threads = properties.classifierThreads();
        // A full queue makes the bus thread classify itself: backpressure instead of an unbounded backlog.
        classifications = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CLASSIFICATION_QUEUE), threads("janus-intent-"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        deadlines.start();
        subscribe(EventKeys.INPUT_MESSAGE_RECEIVED, this::onMessage);
        // the join reads what it needs of each arrival
        if (properties.branches().memory()) {
            subscribe(EventKeys.MEMORY_CONTEXT_ASSEMBLED, (arrival, context) -> onArrival(arrival));
        }
        if (properties.branches().tools()) {
            subscribe(EventKeys.TOOLS_EXECUTION_COMPLETED, (arrival, result) -> onArrival(arrival));
            subscribe(EventKeys.TOOLS_EXECUTION_FAILED, (arrival, result) -> onArrival(arrival));
        }
        subscribe(EventKeys.LLM_RESPONSE_GENERATED, this::onResponse);
        running = true;
    }

    private <C extends EventContent> void subscribe(EventKey<C> key, ContentHandler<C> handler) {
        subscriptions.add(bus.subscribe(key, GROUP, handler));
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        subscriptions.forEach(Subscription::cancel);
        subscriptions.clear();
        deadlines.stop();
        shutDown(classifications);
        classifications = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void shutDown(@Nullable ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
