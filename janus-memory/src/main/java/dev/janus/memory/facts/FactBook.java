package dev.janus.memory.facts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.janus.events.ConflictDetected;
import dev.janus.events.Fact;

/**
 * A user's long-term facts: learns extracted facts with their provenance, detects contradictions (same subject and
 * attribute, another value) and keeps the older fact as superseded history, merges duplicates. Learning is
 * idempotent: a fact's id derives from the user, the source event, the attribute and the value, so a redelivered
 * event stores nothing new and yields the same conflicts again (whose events then carry the same ids). Changes to one
 * user are serialised in this JVM; replicas on Redis may race on the same user only when one user talks through two
 * replicas at the same instant.
 */
public final class FactBook {

    private static final int MAX_PROVENANCE = 100;
    private static final int LOCK_STRIPES = 64;

    private final FactStore store;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public FactBook(FactStore store) {
        this.store = store;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * What one message taught.
     *
     * @param facts the facts the message taught: stored now, or by an earlier delivery of the same message
     * @param conflicts each contradiction of a stored fact, with both facts
     */
    public record Learned(List<Fact> facts, List<ConflictDetected> conflicts) {
    }

    /** Learns what the user said in event {@code sourceEventId} at {@code at}. */
    public Learned learn(String userId, List<ExtractedFact> extracted, String sourceEventId, Instant at) {
        if (extracted.isEmpty()) {
            return new Learned(List.of(), List.of());
        }
        synchronized (lockOf(userId)) {
            Map<String, StoredFact> known = new LinkedHashMap<>();
            store.of(userId).forEach(stored -> known.put(stored.id(), stored));
            List<Fact> learned = new ArrayList<>();
            List<ConflictDetected> conflicts = new ArrayList<>();
            Map<String, StoredFact> changed = new LinkedHashMap<>();
            for (ExtractedFact candidate : extracted) {
                String attribute = FactAttributes.canonicalAttribute(candidate.attribute());
                Fact fact = new Fact(idFor(userId, sourceEventId, attribute, candidate.value()), userId, attribute,
                        candidate.value().strip(), List.of(sourceEventId), at);
                StoredFact already = known.get(fact.id());
                if (already != null) {
                    // a redelivery: the same facts and conflicts again, so their events are republished under the same ids
                    learned.add(already.fact());
                    known.values().stream().filter(stored -> fact.id().equals(stored.supersededBy()))
                            .forEach(stored -> conflicts.add(new ConflictDetected(stored.fact(), already.fact())));
                    continue;
                }
                StoredFact incoming = StoredFact.current(fact);
                if (FactAttributes.singleValued(attribute)) {
                    String value = FactAttributes.normalisedValue(fact.value());
                    for (StoredFact stored : List.copyOf(known.values())) {
                        boolean contradicts = stored.isCurrent() && stored.fact().attribute().equals(attribute)
                                && !FactAttributes.normalisedValue(stored.fact().value()).equals(value);
                        if (!contradicts) {
                            continue;
                        }
                        conflicts.add(new ConflictDetected(stored.fact(), fact));
                        if (stored.fact().at().isAfter(fact.at())) {
                            // the stored fact was said later: the late arrival becomes history straight away
                            incoming = incoming.supersededBy(stored.fact());
                        }
                        else {
                            StoredFact superseded = stored.supersededBy(fact);
                            known.put(superseded.id(), superseded);
                            changed.put(superseded.id(), superseded);
                        }
                    }
                }
                known.put(incoming.id(), incoming);
                changed.put(incoming.id(), incoming);
                learned.add(fact);
            }
            store.put(userId, List.copyOf(changed.values()));
            return new Learned(learned, conflicts);
        }
    }

    /** Every fact of the user, current and superseded, oldest first. */
    public List<StoredFact> all(String userId) {
        return store.of(userId);
    }

    /**
     * The user's current facts, one per attribute and value: a fact stated several times appears once, with the
     * newest time and every source event.
     */
    public List<Fact> current(String userId) {
        return readCurrent(userId).get();
    }

    /**
     * Starts reading {@link #current} and returns without waiting for it, so that the caller can read elsewhere
     * meanwhile; the supplier waits for the facts.
     */
    public Supplier<List<Fact>> readCurrent(String userId) {
        Supplier<List<StoredFact>> reading = store.readOf(userId);
        return () -> currentOf(reading.get());
    }

    private static List<Fact> currentOf(List<StoredFact> all) {
        Map<String, List<Fact>> groups = new LinkedHashMap<>();
        for (StoredFact stored : all) {
            if (stored.isCurrent()) {
                groups.computeIfAbsent(groupKey(stored.fact()), key -> new ArrayList<>()).add(stored.fact());
            }
        }
        List<Fact> facts = new ArrayList<>(groups.size());
        groups.values().forEach(group -> facts.add(merged(group)));
        return facts;
    }

    /** Removes one fact of the user. */
    public Optional<StoredFact> remove(String userId, String factId) {
        synchronized (lockOf(userId)) {
            Optional<StoredFact> found = store.of(userId).stream().filter(stored -> stored.id().equals(factId))
                    .findFirst();
            found.ifPresent(stored -> store.remove(userId, Set.of(factId)));
            return found;
        }
    }

    /** Removes every fact of the user; returns how many there were. */
    public int forget(String userId) {
        synchronized (lockOf(userId)) {
            return store.forget(userId);
        }
    }

    /** Every user with facts. */
    public Set<String> users() {
        return store.users();
    }

    /**
     * Merges the user's current facts that say the same (same attribute and value) into the newest of them, which
     * takes every source event; facts that pointed to a merged fact point to the survivor.
     *
     * @return how many facts were merged away
     */
    public int mergeDuplicates(String userId) {
        synchronized (lockOf(userId)) {
            List<StoredFact> all = store.of(userId);
            Map<String, List<Fact>> groups = new LinkedHashMap<>();
            all.stream().filter(StoredFact::isCurrent)
                    .forEach(stored -> groups.computeIfAbsent(groupKey(stored.fact()), k -> new ArrayList<>())
                            .add(stored.fact()));
            Map<String, String> survivorOf = new HashMap<>();
            List<StoredFact> changed = new ArrayList<>();
            for (List<Fact> group : groups.values()) {
                if (group.size() < 2) {
                    continue;
                }
                Fact survivor = merged(group);
                changed.add(StoredFact.current(survivor));
                group.stream().filter(fact -> !fact.id().equals(survivor.id()))
                        .forEach(fact -> survivorOf.put(fact.id(), survivor.id()));
            }
            if (survivorOf.isEmpty()) {
                return 0;
            }
            for (StoredFact stored : all) {
                String target = stored.supersededBy() == null ? null : survivorOf.get(stored.supersededBy());
                if (target != null) {
                    changed.add(new StoredFact(stored.fact(), target, stored.supersededAt()));
                }
            }
            store.put(userId, changed);
            store.remove(userId, new HashSet<>(survivorOf.keySet()));
            return survivorOf.size();
        }
    }

    /** The newest of the group, carrying every source event of the group, oldest first. */
    private static Fact merged(List<Fact> group) {
        List<Fact> byTime = new ArrayList<>(group);
        byTime.sort(Comparator.comparing(Fact::at).thenComparing(Fact::id));
        Fact newest = byTime.get(byTime.size() - 1);
        if (byTime.size() == 1) {
            return newest;
        }
        Set<String> provenance = new LinkedHashSet<>();
        byTime.forEach(fact -> provenance.addAll(fact.provenance()));
        List<String> bounded = new ArrayList<>(provenance);
        if (bounded.size() > MAX_PROVENANCE) {
            bounded = bounded.subList(bounded.size() - MAX_PROVENANCE, bounded.size());
        }
        return new Fact(newest.id(), newest.subject(), newest.attribute(), newest.value(), List.copyOf(bounded),
                newest.at());
    }

    private static String groupKey(Fact fact) {
        return fact.attribute() + "\u0000" + FactAttributes.normalisedValue(fact.value());
    }

    /** The id of the fact learned from one event: the same on every delivery of that event. */
    static String idFor(String userId, String sourceEventId, String attribute, String value) {
        String key = userId + "/" + sourceEventId + "/" + attribute + "/" + FactAttributes.normalisedValue(value);
        return "fact-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    private Object lockOf(String userId) {
        return locks[Math.floorMod(userId.hashCode(), LOCK_STRIPES)];
    }
}
