package dev.janus.proactive.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProactiveState} in this JVM, for the in-memory bus: lost with the process, like the bus itself.
 * Windows shed old members whenever they are touched, and every {@value #PURGE_EVERY} adds a purge drops
 * the windows, claims and records nobody touched since they expired, so memory stays bounded by what is
 * live. One lock guards everything: proactive state changes a few times per event.
 */
public final class InMemoryProactiveState implements ProactiveState {

    static final int PURGE_EVERY = 1_024;

    private final Clock clock;
    private final Map<String, TimedWindow> windows = new HashMap<>();
    private final Map<String, Expiring<String>> claims = new HashMap<>();
    private final Map<String, Scheduled> scheduled = new HashMap<>();
    private final Map<String, Expiring<Map<String, String>>> records = new HashMap<>();
    private int addsSincePurge;

    public InMemoryProactiveState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Window add(String key, String member, Instant at, Duration window) {
        purgeNowAndThen();
        Map<String, Instant> members = trimmed(key, at, window);
        members.putIfAbsent(member, at);
        List<String> newest = members.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
        return new Window(newest.size(), newest.subList(Math.max(0, newest.size() - Window.EVIDENCE), newest.size()));
    }

    @Override
    public synchronized boolean admit(String key, String member, Instant at, Duration window, int limit) {
        Map<String, Instant> members = trimmed(key, at, window);
        if (members.containsKey(member)) {
            return true;
        }
        if (members.size() >= limit) {
            return false;
        }
        purgeNowAndThen();
        members.put(member, at);
        return true;
    }

    @Override
    public synchronized boolean isAdmissible(String key, String member, Instant at, Duration window, int limit) {
        Map<String, Instant> members = trimmed(key, at, window);
        return members.containsKey(member) || members.size() < limit;
    }

    @Override
    public synchronized int size(String key, Instant at, Duration window) {
        return trimmed(key, at, window).size();
    }

    @Override
    public synchronized void clear(String key) {
        windows.remove(key);
    }

    @Override
    public synchronized boolean claim(String key, String owner, Duration ttl) {
        Expiring<String> held = claims.get(key);
        Instant now = clock.instant();
        if (held == null || held.expired(now)) {
            claims.put(key, new Expiring<>(owner, now.plus(ttl)));
            return true;
        }
        return held.value().equals(owner);
    }

    @Override
    public synchronized boolean isClaimable(String key, String owner) {
        Expiring<String> held = claims.get(key);
        return held == null || held.expired(clock.instant()) || held.value().equals(owner);
    }

    @Override
    public synchronized void schedule(String member, String payload, Instant due) {
        scheduled.putIfAbsent(member, new Scheduled(payload, due));
    }

    @Override
    public synchronized void unschedule(String member) {
        scheduled.remove(member);
    }

    @Override
    public synchronized Map<String, String> takeDue(Instant now, int max) {
        List<Map.Entry<String, Scheduled>> due = scheduled.entrySet().stream()
                .filter(entry -> !entry.getValue().due().isAfter(now))
                .sorted(Comparator.comparing(entry -> entry.getValue().due()))
                .limit(max)
                .toList();
        Map<String, String> taken = new LinkedHashMap<>();
        for (Map.Entry<String, Scheduled> entry : due) {
            String payload = entry.getValue().payload();
            scheduled.put(entry.getKey(), new Scheduled(payload, now.plus(TAKE_LEASE)));
            taken.put(entry.getKey(), payload);
        }
        return taken;
    }

    @Override
    public synchronized void put(String key, Map<String, String> fields, Duration ttl) {
        if (fields.isEmpty()) {
            records.remove(key);
            return;
        }
        records.put(key, new Expiring<>(Map.copyOf(fields), clock.instant().plus(ttl)));
    }

    @Override
    public synchronized Optional<Map<String, String>> get(String key) {
        Expiring<Map<String, String>> record = records.get(key);
        if (record == null || record.expired(clock.instant())) {
            records.remove(key);
            return Optional.empty();
        }
        return Optional.of(record.value());
    }

    private Map<String, Instant> trimmed(String key, Instant at, Duration window) {
        TimedWindow timed = windows.computeIfAbsent(key, unused -> new TimedWindow(window, new LinkedHashMap<>()));
        timed.trim(at);
        return timed.members();
    }

    private void purgeNowAndThen() {
        if (++addsSincePurge < PURGE_EVERY) {
            return;
        }
        addsSincePurge = 0;
        Instant now = clock.instant();
        windows.values().forEach(window -> window.trim(now));
        windows.values().removeIf(window -> window.members().isEmpty());
        claims.values().removeIf(claim -> claim.expired(now));
        records.values().removeIf(record -> record.expired(now));
    }

    /** Members by when they were added, and how long they count. */
    private record TimedWindow(Duration span, Map<String, Instant> members) {

        void trim(Instant at) {
            Instant oldest = at.minus(span);
            members.values().removeIf(added -> !added.isAfter(oldest));
        }
    }

    private record Expiring<T>(T value, Instant until) {

        boolean expired(Instant now) {
            return !now.isBefore(until);
        }
    }

    private record Scheduled(String payload, Instant due) {
    }
}
