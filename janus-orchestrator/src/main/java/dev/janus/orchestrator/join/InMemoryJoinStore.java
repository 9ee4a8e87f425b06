package dev.janus.orchestrator.join;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;

import dev.janus.events.JanusEvent;
import org.jspecify.annotations.Nullable;

/**
 * Joins in this JVM, for the in-memory bus: a map by correlation id whose entries change atomically,
 * a sorted set of open joins' deadlines and one of finished joins' evictions, both worked off by
 * {@link #claimExpired}.
 */
public final class InMemoryJoinStore implements JoinStore {

    private final Map<String, Kept> joins = new ConcurrentHashMap<>();
    private final NavigableSet<Timer> deadlines = new ConcurrentSkipListSet<>();
    private final NavigableSet<Timer> evictions = new ConcurrentSkipListSet<>();
    /** The end of the lease of each join claimed and not settled yet. */
    private final Map<String, Instant> leases = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;

    /**
     * An empty store.
     *
     * @param clock the time a join completes at, from which its retention counts
     * @param retention how long a finished join is kept after it completed
     */
    public InMemoryJoinStore(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Opening open(Join join) {
        boolean opened = joins.putIfAbsent(join.correlationId(), new Kept(join, null)) == null;
        if (opened) {
            deadlines.add(new Timer(join.deadline(), join.correlationId()));
        }
        return () -> opened;
    }

    @Override
    public Optional<Join> arrive(String correlationId, JanusEvent arrival) {
        AtomicReference<@Nullable Join> completed = new AtomicReference<>();
        joins.computeIfPresent(correlationId, (id, kept) -> {
            Join join = kept.join();
            if (join.isCompleted()) {
                if (arrival.eventId().equals(join.completedBy())) {
                    completed.set(join);
                }
                return kept;
            }
            Join updated = join.with(arrival);
            if (updated.hasEverything()) {
                updated = updated.completed(arrival.eventId());
                completed.set(updated);
            }
            return new Kept(updated, kept.respondedBy());
        });
        Join done = completed.get();
        if (done == null) {
            return Optional.empty();
        }
        deadlines.remove(new Timer(done.deadline(), correlationId));
        evictions.add(new Timer(clock.instant().plus(retention), correlationId));
        return Optional.of(done);
    }

    @Override
    public List<Join> claimExpired(Instant now, int limit) {
        evictUntil(now);
        List<Join> claimed = new ArrayList<>();
        while (claimed.size() < limit) {
            // the set's own iterator: another replica may empty it between an isEmpty() and a first()
            var earliest = deadlines.iterator();
            if (!earliest.hasNext()) {
                break;
            }
            Timer first = earliest.next();
            if (first.at().isAfter(now)) {
                break;
            }
            if (!deadlines.remove(first)) {
                continue;
            }
            AtomicReference<@Nullable Join> timedOut = new AtomicReference<>();
            joins.computeIfPresent(first.correlationId(), (id, kept) -> {
                if (kept.join().isCompleted()) {
                    // claimed before and not settled within the lease: claimed again; completed by an arrival: not
                    if (kept.join().timedOut()) {
                        timedOut.set(kept.join());
                    }
                    return kept;
                }
                Join join = kept.join().completed(Join.TIMEOUT);
                timedOut.set(join);
                return new Kept(join, kept.respondedBy());
            });
            Join join = timedOut.get();
            if (join != null) {
                Instant leaseEnd = now.plus(CLAIM_LEASE);
                leases.put(join.correlationId(), leaseEnd);
                deadlines.add(new Timer(leaseEnd, join.correlationId()));
                evictions.add(new Timer(leaseEnd.plus(retention), join.correlationId()));
                claimed.add(join);
            }
        }
        return claimed;
    }

    @Override
    public void settle(String correlationId) {
        Instant leaseEnd = leases.remove(correlationId);
        if (leaseEnd != null) {
            deadlines.remove(new Timer(leaseEnd, correlationId));
        }
    }

    @Override
    public Optional<Join> find(String correlationId) {
        return Optional.ofNullable(joins.get(correlationId)).map(Kept::join);
    }

    @Override
    public ResponseMark markResponded(String correlationId, String responseEventId) {
        Kept kept = joins.computeIfPresent(correlationId, (id, before) -> before.respondedBy() == null
                ? new Kept(before.join(), responseEventId) : before);
        if (kept == null) {
            return ResponseMark.NO_JOIN;
        }
        return responseEventId.equals(kept.respondedBy()) ? ResponseMark.first(kept.join())
                : ResponseMark.ANOTHER_WAS_FIRST;
    }

    /** How many joins are kept, open or finished. */
    public int size() {
        return joins.size();
    }

    @Override
    public int forgetUser(String userId) {
        List<String> ids = joins.entrySet().stream()
                .filter(entry -> userId.equals(entry.getValue().join().message().context().userId()))
                .map(Map.Entry::getKey).toList();
        ids.forEach(joins::remove);
        ids.forEach(this::settle);
        return ids.size();
    }

    @Override
    public void close() {
        joins.clear();
        deadlines.clear();
        evictions.clear();
        leases.clear();
    }

    private void evictUntil(Instant now) {
        while (true) {
            var earliest = evictions.iterator();
            if (!earliest.hasNext()) {
                return;
            }
            Timer first = earliest.next();
            if (first.at().isAfter(now)) {
                return;
            }
            if (evictions.remove(first)) {
                // a join claimed again later has a later eviction, which takes it once it is settled
                joins.computeIfPresent(first.correlationId(),
                        (id, kept) -> kept.join().isCompleted() && !leases.containsKey(id) ? null : kept);
            }
        }
    }

    private record Kept(Join join, @Nullable String respondedBy) {
    }

    private record Timer(Instant at, String correlationId) implements Comparable<Timer> {

        private static final Comparator<Timer> ORDER = Comparator.comparing(Timer::at)
                .thenComparing(Timer::correlationId);

        @Override
        public int compareTo(Timer other) {
            return ORDER.compare(this, other);
        }
    }
}
