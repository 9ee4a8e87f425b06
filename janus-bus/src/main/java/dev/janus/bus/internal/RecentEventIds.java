package dev.janus.bus.internal;

import java.util.Arrays;

/**
 * The event ids a consumer group handled most recently in this JVM, so a repeat is skipped without asking Redis.
 * <p>
 * The ids are spread by hash over {@value #STRIPES} stripes, each a small open-addressing table behind its own lock
 * that keeps its last {@code capacity / }{@value #STRIPES} ids (the oldest leaves first). A lookup reads one compact
 * array of hashes (with each id's place in the ring) and compares an id only where the hash matches, so a new id, the
 * usual case, touches one or two cache lines (now and then three): a table of nodes spread over the heap cost the
 * in-memory engine's lanes nearly half their CPU in cache misses (a CPU profile: the lookup, the insert and the
 * eviction of the oldest id, each a miss).
 */
public final class RecentEventIds {

    static final int STRIPES = 16;

    private final Stripe[] stripes;

    /**
     * Remembers about the last {@code capacity} ids — each stripe its last sixteenth, at least one — and takes 24 to
     * 40 bytes per id of capacity at once (its tables are not grown); 0 remembers none.
     */
    public RecentEventIds(int capacity) {
        if (capacity <= 0) {
            this.stripes = new Stripe[0];
        }
        else {
            this.stripes = new Stripe[STRIPES];
            int share = capacity / STRIPES + (capacity % STRIPES == 0 ? 0 : 1);
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new Stripe(share);
            }
        }
    }

    /** Whether the id was recorded and not yet evicted. */
    public boolean contains(String eventId) {
        if (stripes.length == 0) {
            return false;
        }
        int hash = hash(eventId);
        Stripe stripe = stripes[stripeOf(hash)];
        synchronized (stripe) {
            return stripe.holds(eventId, hash);
        }
    }

    /** Records the id, evicting its stripe's oldest when the stripe is full. */
    public void add(String eventId) {
        if (stripes.length == 0) {
            return;
        }
        int hash = hash(eventId);
        Stripe stripe = stripes[stripeOf(hash)];
        synchronized (stripe) {
            stripe.add(eventId, hash);
        }
    }

    /** The stripe that holds the id (0 to {@value #STRIPES} - 1). */
    static int stripeOf(String eventId) {
        return stripeOf(hash(eventId));
    }

    private static int stripeOf(int hash) {
        return hash >>> 28;
    }

    /** The id's hash, spread over all bits and never 0 (0 marks an empty slot). */
    private static int hash(String eventId) {
        int hash = eventId.hashCode() * 0x9E3779B9;
        hash ^= hash >>> 15;
        return hash == 0 ? 1 : hash;
    }

    /**
     * A linear-probing table over the ring that holds the stripe's last {@code share} ids, oldest first. A slot of the
     * table is a pair of ints in one array — the id's hash and the id's place in the ring — so a probe reads one
     * cache line. An id leaves when a new one takes its place in the ring; its slot is not looked for then (a second
     * cache miss per id, a tenth of the in-memory engine's lanes in a CPU profile) but left stale: a slot counts only
     * while its place still holds an id equal to the one looked up. Once live and stale slots fill three quarters of
     * the table, it is rebuilt from the ring in one pass.
     */
    private static final class Stripe {

        /** Per slot: the hash (0 when empty) at {@code 2 * slot}, the place in the ring at {@code 2 * slot + 1}. */
        private final int[] table;
        private final String[] ring;
        private final int[] ringHashes;
        private final int mask;
        private final int rebuildAt;
        private int next;
        private int size;
        private int filled;

        Stripe(int share) {
            int slots = Integer.highestOneBit(Math.max(2, share) * 2 - 1) * 2; // a power of two, at least 2 x share
            this.table = new int[2 * slots];
            this.ring = new String[share];
            this.ringHashes = new int[share];
            this.mask = slots - 1;
            this.rebuildAt = slots - slots / 4;
        }

        boolean holds(String id, int hash) {
            for (int slot = hash & mask; table[2 * slot] != 0; slot = (slot + 1) & mask) {
                if (table[2 * slot] == hash && id.equals(ring[table[2 * slot + 1]])) {
                    return true;
                }
            }
            return false;
        }

        void add(String id, int hash) {
            if (holds(id, hash)) {
                return;
            }
            ring[next] = id;
            ringHashes[next] = hash;
            size = Math.min(size + 1, ring.length);
            if (filled >= rebuildAt) {
                rebuild();
            }
            else {
                occupy(hash, next);
            }
            next = next + 1 == ring.length ? 0 : next + 1;
        }

        /** Empties the table and puts back the slots of the ids the ring holds, the new one too, not the stale. */
        private void rebuild() {
            Arrays.fill(table, 0);
            filled = 0;
            for (int place = 0; place < size; place++) {
                occupy(ringHashes[place], place);
            }
        }

        private void occupy(int hash, int place) {
            int slot = hash & mask;
            while (table[2 * slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = hash;
            table[2 * slot + 1] = place;
            filled++;
        }
    }
}
