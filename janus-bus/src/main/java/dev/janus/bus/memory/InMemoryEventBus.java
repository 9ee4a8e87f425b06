package dev.janus.bus.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHandler;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.InvalidCursorException;
import dev.janus.bus.PublishException;
import dev.janus.bus.Subscription;
import dev.janus.bus.UserErasure;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusMetrics.Status;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.internal.Delivery;
import dev.janus.bus.internal.Delivery.Outcome;
import dev.janus.bus.internal.DeliveryPipeline;
import dev.janus.bus.internal.ErasedUsers;
import dev.janus.bus.internal.GroupBreaker;
import dev.janus.bus.internal.InFlightLimit;
import dev.janus.bus.internal.OutageCheck;
import dev.janus.bus.internal.PageBudget;
import dev.janus.bus.internal.RecentEventIds;
import dev.janus.bus.memory.EventRing.Sequenced;
import dev.janus.events.Abbreviation;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The embedded engine: events are dispatched asynchronously to worker lanes in this JVM; each event
 * reaches one subscription per consumer group (round robin among the group's subscriptions that
 * match); the last {@code janus.bus.memory.history-size} events are kept for debugging and replay.
 * Nothing survives a restart. A publish waits at most the shutdown timeout for a full
 * subscription to make room, then fails.
 */
public final class InMemoryEventBus implements EventBus, EventHistory, DeadLetterQueue, UserErasure, AutoCloseable {

    private static final String ORIGIN = "memory";
    private static final int DEAD_LETTER_CAPACITY = 10_000;

    private final BusProperties properties;
    private final BusMetrics metrics;
    private final BusTracing tracing;
    private final CircuitBreakerRegistry breakers;
    private final ScheduledExecutorService scheduler;
    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();
    private final Map<EventType, Route[]> routes = new ConcurrentHashMap<>();
    private final EventRing history;
    private static final EventCodec REPLAY_CODEC = new EventCodec();

    private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();
    private final AtomicLong deadLetterIds = new AtomicLong();
    private final AtomicInteger broadcasts = new AtomicInteger();
    private final ErasedUsers erased = new ErasedUsers();
    private volatile boolean closed;

    public InMemoryEventBus(BusProperties properties, BusMetrics metrics, BusTracing tracing,
            CircuitBreakerRegistry breakers) {
        this.properties = properties;
        this.metrics = metrics;
        this.tracing = tracing;
        this.breakers = breakers;
        this.history = new EventRing(properties.memory().historySize());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "janus-bus-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletableFuture<Void> publish(JanusEvent event) {
        if (closed) {
            metrics.count(event.eventType(), Status.ERROR);
            return CompletableFuture.failedFuture(new PublishException("the in-memory bus is closed"));
        }
        if (erased.covers(event)) {
            // a late copy of an erased user's event: refused, as the erasure promised
            metrics.count(event.eventType(), Status.ERASED);
            return CompletableFuture.completedFuture(null);
        }
        BusTracing.Publishing publishing = tracing.publishing(event);
        JanusEvent traced = publishing.event();
        try {
            history.add(traced);
            for (Route route : routes.computeIfAbsent(traced.eventType(), this::routesFor)) {
                route.dispatch(traced);
            }
            metrics.count(traced.eventType(), Status.SUCCESS);
            publishing.end(null);
            return CompletableFuture.completedFuture(null);
        }
        catch (PublishException e) {
            metrics.count(traced.eventType(), Status.ERROR);
            publishing.end(e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Subscription subscribe(String pattern, String group, @Nullable Duration handlerTimeout,
            EventHandler handler) {
        EventPattern parsed = EventPattern.of(pattern);
        if (group.isBlank()) {
            throw new IllegalArgumentException("group must name the consumer group (e.g. janus-memory), but was blank");
        }
        if (closed) {
            throw new IllegalStateException("the in-memory bus is closed");
        }
        GroupState state = groups.computeIfAbsent(group, GroupState::new);
        MemorySubscription subscription = new MemorySubscription(parsed, state, handlerTimeout, handler);
        state.members.add(subscription);
        routes.clear();
        return subscription;
    }

    @Override
    public Subscription subscribeBroadcast(String pattern, String component, EventHandler handler) {
        // one JVM: a group of its own per broadcast subscription sees every event from now on
        return subscribe(pattern, component + "@" + properties.consumerName() + "-" + broadcasts.incrementAndGet(),
                handler);
    }

    @Override
    public List<Subscription> liveSubscriptions() {
        return groups.values().stream().flatMap(group -> group.members.stream())
                .filter(MemorySubscription::isActive).<Subscription>map(subscription -> subscription).toList();
    }

    @Override
    public List<JanusEvent> recentEvents(EventPattern pattern, @Nullable String streamId, int limit, long maxBytes) {
        List<JanusEvent> found = new ArrayList<>();
        if (limit > 0) {
            // the events within the budget, measured by encoding them as the caller will
            PageBudget budget = new PageBudget(maxBytes);
            history.newestFirst(entry -> {
                JanusEvent event = entry.event();
                if (pattern.matches(event.eventType()) && (streamId == null || streamId.equals(event.streamId()))) {
                    if (!budget.unlimited() && !budget.admits(REPLAY_CODEC.encode(event).length)) {
                        return false;
                    }
                    found.add(event);
                }
                return found.size() < limit;
            });
        }
        Collections.reverse(found);
        return found;
    }

    /**
     * The history holds every conversation's events in publish order; a cursor is an event's publish number. A page's
     * JSON is measured by encoding its events, as the caller will.
     */
    @Override
    public ConversationPage conversation(String streamId, @Nullable String after, int limit) {
        long cursor = after == null ? -1 : parseCursor(after);
        List<Sequenced> found = new ArrayList<>();
        if (limit > 0) {
            PageBudget budget = new PageBudget();
            Predicate<Sequenced> collect = entry -> {
                if (streamId.equals(entry.event().streamId())) {
                    if (!budget.admits(REPLAY_CODEC.encode(entry.event()).length)) {
                        return false;
                    }
                    found.add(entry);
                }
                return found.size() < limit;
            };
            if (after == null) {
                history.newestFirst(collect);
                Collections.reverse(found);
            }
            else {
                history.oldestFirstAfter(cursor, collect);
            }
        }
        String next = found.isEmpty() ? after : Long.toString(found.get(found.size() - 1).sequence());
        return new ConversationPage(found.stream().map(Sequenced::event).toList(), next);
    }

    private static long parseCursor(String cursor) {
        // digits only: Long.parseLong also takes a sign
        if (!cursor.isEmpty() && cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(cursor);
            }
            catch (NumberFormatException tooLarge) {
                // refused below
            }
        }
        throw new InvalidCursorException("a cursor of the in-memory bus is a publish number from an earlier page "
                + "(0.." + Long.MAX_VALUE + "), but was '" + Abbreviation.abbreviate(cursor, 30) + "'");
    }

    @Override
    public List<DeadLetter> deadLetters(int limit) {
        synchronized (deadLetters) {
            List<DeadLetter> newestFirst = new ArrayList<>(Math.min(limit, deadLetters.size()));
            var iterator = deadLetters.descendingIterator();
            while (iterator.hasNext() && newestFirst.size() < limit) {
                newestFirst.add(iterator.next());
            }
            return newestFirst;
        }
    }

    @Override
    public long deadLetterCount() {
        synchronized (deadLetters) {
            return deadLetters.size();
        }
    }

    @Override
    public Optional<DeadLetter> deadLetter(String id) {
        synchronized (deadLetters) {
            return deadLetters.stream().filter(letter -> letter.id().equals(id)).findFirst();
        }
    }

    @Override
    public boolean delete(String id) {
        synchronized (deadLetters) {
            return deadLetters.removeIf(letter -> letter.id().equals(id));
        }
    }

    /** Delivers the event again to a subscription of its origin group, then removes the dead letter. */
    @Override
    public boolean replay(String id) {
        Optional<DeadLetter> found = deadLetter(id);
        if (found.isEmpty()) {
            return false;
        }
        DeadLetter letter = found.get();
        GroupState group = groups.get(letter.originGroup());
        JanusEvent event = REPLAY_CODEC.decode(letter.event());
        MemorySubscription member = group == null ? null : group.members.stream()
                .filter(candidate -> candidate.active && candidate.pattern.matches(event.eventType()))
                .findFirst().orElse(null);
        if (member == null) {
            throw new IllegalArgumentException("group " + letter.originGroup() + " has no subscription for "
                    + event.eventType().wireName() + " now; replay dead letter " + id + " when it runs");
        }
        delete(id);
        member.offer(event, letter.historyWithThis());
        return true;
    }

    /** The history and the dead letters lose the user's events; the user's older events are refused from now on. */
    @Override
    public Erased eraseUser(String userId, Instant erasedAt, Collection<String> streamIds) {
        erased.erased(userId, erasedAt);
        int events;
        events = history.removeIf(event -> userId.equals(event.context().userId()));
        int letters;
        synchronized (deadLetters) {
            int before = deadLetters.size();
            deadLetters.removeIf(letter -> {
                try {
                    return userId.equals(REPLAY_CODEC.decode(letter.event()).context().userId());
                }
                catch (RuntimeException e) {
                    return false;
                }
            });
            letters = before - deadLetters.size();
        }
        return new Erased(events, letters);
    }

    @Override
    public Optional<Instant> erasedAt(String userId) {
        return erased.erasedAt(userId);
    }

    /** Stops every subscription, letting queued events run within the shutdown timeout. */
    @Override
    public void close() {
        closed = true;
        groups.values().forEach(group -> group.members.forEach(MemorySubscription::cancel));
        scheduler.shutdownNow();
    }


    private CompletableFuture<Void> storeDeadLetter(DeadLetter letter) {
        DeadLetter stored = letter.withId(Long.toString(deadLetterIds.incrementAndGet()));
        synchronized (deadLetters) {
            if (deadLetters.size() == DEAD_LETTER_CAPACITY) {
                deadLetters.removeFirst();
            }
            deadLetters.addLast(stored);
        }
        return CompletableFuture.completedFuture(null);
    }

    private Route[] routesFor(EventType type) {
        List<Route> matching = new ArrayList<>();
        for (GroupState group : groups.values()) {
            MemorySubscription[] members = group.members.stream()
                    .filter(member -> member.active && member.pattern.matches(type))
                    .toArray(MemorySubscription[]::new);
            if (members.length > 0) {
                matching.add(new Route(members, group.next));
            }
        }
        return matching.toArray(Route[]::new);
    }


    /** Where events of one type go in one group: round robin over the group's matching subscriptions. */
    private record Route(MemorySubscription[] members, AtomicInteger next) {

        void dispatch(JanusEvent event) {
            MemorySubscription member = members.length == 1 ? members[0]
                    : members[Math.floorMod(next.getAndIncrement(), members.length)];
            member.offer(event);
        }
    }

    /** The subscriptions of one consumer group, sharing its breaker and its memory of handled ids. */
    private final class GroupState {

        final String name;
        final List<MemorySubscription> members = new CopyOnWriteArrayList<>();
        final RecentEventIds handled;
        final GroupBreaker breaker;
        final AtomicInteger next = new AtomicInteger();

        GroupState(String name) {
            this.name = name;
            this.handled = new RecentEventIds(properties.idempotency().localCapacity());
            this.breaker = new GroupBreaker(breakers.circuitBreaker(name));
        }
    }

    private final class MemorySubscription implements Subscription {

        final EventPattern pattern;
        final GroupState group;
        final DeliveryPipeline pipeline;
        final InFlightLimit inFlight;
        volatile boolean active = true;

        MemorySubscription(EventPattern pattern, GroupState group, @Nullable Duration handlerTimeout,
                EventHandler handler) {
            this.pattern = pattern;
            this.group = group;
            this.inFlight = new InFlightLimit(properties.maxInFlight());
            this.pipeline = new DeliveryPipeline("janus-" + group.name, group.name, handler, properties, handlerTimeout,
                    group.breaker, group.handled, delivery -> false, metrics, tracing,
                    InMemoryEventBus.this::storeDeadLetter, scheduler, () -> { }, erased, OutageCheck.NONE);
        }

        void offer(JanusEvent event) {
            offer(event, List.of());
        }

        void offer(JanusEvent event, List<String> history) {
            try {
                if (!inFlight.tryAcquire(properties.shutdownTimeout())) {
                    throw new PublishException("group " + group.name + " has " + properties.maxInFlight()
                            + " events in flight (janus.bus.max-in-flight) and made no room within "
                            + properties.shutdownTimeout());
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for room in group " + group.name, e);
            }
            pipeline.submit(new Delivery(event, ORIGIN, null, false, this::settled, 0, history));
        }

        private void settled(Delivery delivery, Outcome outcome) {
            inFlight.release();
        }

        @Override
        public String pattern() {
            return pattern.value();
        }

        @Override
        public String group() {
            return group.name;
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public void cancel() {
            if (!active) {
                return;
            }
            active = false;
            group.members.remove(this);
            routes.clear();
            pipeline.stop(true, properties.shutdownTimeout());
        }
    }
}
