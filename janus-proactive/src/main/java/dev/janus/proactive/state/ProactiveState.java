package dev.janus.proactive.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the detectors and the restraint remember: sliding windows of event ids, claims, scheduled
 * checks and small records. In memory, or in Redis so that every replica of {@code janus-proactive}
 * agrees. Every operation is idempotent for a member it has seen, so a redelivered event changes
 * nothing, and atomic, so two replicas never both win a claim. Thread-safe; the Redis implementation
 * blocks for at most a command timeout.
 */
public interface ProactiveState {

    /**
     * Adds {@code member} at {@code at} to the window {@code key}, forgets members older than {@code window}
     * and returns what the window holds now.
     */
    Window add(String key, String member, Instant at, Duration window);

    /**
     * Adds {@code member} to the window {@code key} only while it holds fewer than {@code limit} members
     * younger than {@code window}; true when it was added now or had been before.
     */
    boolean admit(String key, String member, Instant at, Duration window, int limit);

    /** Whether {@link #admit} would admit {@code member} now; changes nothing. */
    boolean isAdmissible(String key, String member, Instant at, Duration window, int limit);

    /** How many members younger than {@code window} the window {@code key} holds. */
    int size(String key, Instant at, Duration window);

    /** Forgets the window {@code key}. */
    void clear(String key);

    /**
     * Claims {@code key} for {@code owner} for {@code ttl}; true when it was free or is already this
     * owner's (a redelivery of the claiming event), false while another owner holds it.
     */
    boolean claim(String key, String owner, Duration ttl);

    /** Whether {@link #claim} would succeed for {@code owner} now; changes nothing. */
    boolean isClaimable(String key, String owner);

    /** Schedules {@code payload} under {@code member} to fall due at {@code due}, unless it is scheduled already. */
    void schedule(String member, String payload, Instant due);

    /** Cancels what is scheduled under {@code member}, if anything. */
    void unschedule(String member);

    /**
     * How long what {@link #takeDue} handed out waits for its taker to {@link #unschedule} it before it is due
     * again: longer than handling it may take.
     */
    Duration TAKE_LEASE = Duration.ofSeconds(30);

    /**
     * Hands out at most {@code max} payloads due at {@code now}, by member, each to one caller; the taker
     * {@linkplain #unschedule unschedules} each when done with it. One it does not (its handling failed, or its
     * process died) is due again {@link #TAKE_LEASE} later, so nothing scheduled is lost to a failure.
     */
    Map<String, String> takeDue(Instant now, int max);

    /**
     * Keeps {@code fields} under {@code key} for {@code ttl}, in place of what was kept there (no fields: nothing is
     * kept). The record and its expiry are stored together: a failure leaves neither a record that never expires nor
     * a mix of the old fields and the new.
     */
    void put(String key, Map<String, String> fields, Duration ttl);

    /** The fields kept under {@code key}, if they have not expired. */
    Optional<Map<String, String>> get(String key);

    /**
     * A window's content.
     *
     * @param size how many members it holds
     * @param newest the newest members, newest last, at most {@link #EVIDENCE} of them
     */
    record Window(int size, List<String> newest) {

        /** The most members a window reports, as evidence. */
        public static final int EVIDENCE = 20;

        public Window {
            newest = List.copyOf(newest);
        }
    }
}
