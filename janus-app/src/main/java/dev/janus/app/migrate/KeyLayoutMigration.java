package dev.janus.app.migrate;

import java.util.List;

import dev.janus.redis.BucketedKey;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;

/**
 * Copies every key of a Janus Redis to another Redis (or Redis Cluster), from the key layout of the single-Redis
 * versions to the one that runs on a cluster too:
 * <ul>
 * <li>the global schedules {@code janus:join:deadlines}, {@code janus:tools:reminders:due}, {@code …:leased},
 * {@code janus:proactive:due}, {@code janus:proactive:due:payloads} and the index
 * {@code janus:memory:history-streams} are split into their {@link BucketedKey buckets} {@code …:{b<n>}}, each
 * member into its own;</li>
 * <li>the items those schedules name move into their bucket's slot: {@code janus:join:<id>} to
 * {@code janus:join:{b<n>}:<id>}, {@code janus:tools:reminder:<id>} to {@code janus:tools:reminder:{b<n>}:<id>};</li>
 * <li>a conversation's history keys take its hash tag: {@code janus:memory:history:<stream>} to
 * {@code janus:memory:history:{<stream>}}, {@code janus:memory:history-sources:<stream>} likewise;</li>
 * <li>every other key (event streams with their consumer groups, facts, sessions, ...) is copied as it is
 * ({@code DUMP}/{@code RESTORE}, with its time to live).</li>
 * </ul>
 * Keys already in the new layout are copied unchanged, so running it twice does no harm. When source and target are
 * the same Redis, only the keys whose name changes are written, and the old ones deleted. Meant for stopped services:
 * a key written while it runs may be missed.
 */
final class KeyLayoutMigration {

    private static final String JOIN = "janus:join:";
    private static final String REMINDER = "janus:tools:reminder:";
    private static final String HISTORY = "janus:memory:history:";
    private static final String HISTORY_SOURCES = "janus:memory:history-sources:";
    private static final List<String> SORTED_SCHEDULES = List.of("janus:join:deadlines", "janus:tools:reminders:due",
            "janus:tools:reminders:leased", "janus:proactive:due");
    private static final String DUE_PAYLOADS = "janus:proactive:due:payloads";
    private static final String HISTORY_STREAMS = "janus:memory:history-streams";

    private final RedisClusterCommands<String, String> source;
    private final RedisClusterCommands<String, String> target;
    private final boolean sameRedis;

    KeyLayoutMigration(RedisClusterCommands<String, String> source, RedisClusterCommands<String, String> target,
            boolean sameRedis) {
        this.source = source;
        this.target = target;
        this.sameRedis = sameRedis;
    }

    /** Copies every key; returns what it did. */
    Report run() {
        Report report = new Report();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = source.scan(cursor, ScanArgs.Builder.limit(500));
            for (String key : page.getKeys()) {
                migrate(key, report);
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return report;
    }

    private void migrate(String key, Report report) {
        if (SORTED_SCHEDULES.contains(key)) {
            BucketedKey buckets = new BucketedKey(key);
            for (ScoredValue<String> member : source.zrangebyscoreWithScores(key, Range.unbounded())) {
                target.zadd(buckets.keyOf(member.getValue()), member.getScore(), member.getValue());
            }
            splitDone(key, report);
        }
        else if (key.equals(DUE_PAYLOADS)) {
            BucketedKey buckets = new BucketedKey(key);
            source.hgetall(key).forEach((member, payload) -> target.hset(buckets.keyOf(member), member, payload));
            splitDone(key, report);
        }
        else if (key.equals(HISTORY_STREAMS)) {
            BucketedKey buckets = new BucketedKey(key);
            source.smembers(key).forEach(stream -> target.sadd(buckets.keyOf(stream), stream));
            splitDone(key, report);
        }
        else {
            String renamed = renamed(key);
            if (renamed != null) {
                copy(key, renamed, report::renamed);
            }
            else if (!sameRedis) {
                copy(key, key, report::copied);
            }
        }
    }

    /** The key's name in the new layout, or null when it keeps its name. */
    static @Nullable String renamed(String key) {
        if (key.startsWith(JOIN) && !key.startsWith(JOIN + "{") && !key.startsWith(JOIN + "deadlines")) {
            String correlationId = key.substring(JOIN.length());
            return JOIN + BucketedKey.tagOf(correlationId) + ":" + correlationId;
        }
        if (key.startsWith(REMINDER) && !key.startsWith(REMINDER + "{")) {
            String id = key.substring(REMINDER.length());
            return REMINDER + BucketedKey.tagOf(id) + ":" + id;
        }
        for (String prefix : List.of(HISTORY, HISTORY_SOURCES)) {
            if (key.startsWith(prefix) && !key.startsWith(prefix + "{")) {
                return prefix + "{" + key.substring(prefix.length()) + "}";
            }
        }
        return null;
    }

    private void copy(String from, String to, Runnable counted) {
        byte[] value = source.dump(from);
        if (value == null) {
            // expired or deleted since the scan
            return;
        }
        Long ttl = source.pttl(from);
        RestoreArgs args = RestoreArgs.Builder.ttl(ttl != null && ttl > 0 ? ttl : 0).replace();
        target.restore(to, value, args);
        if (sameRedis && !from.equals(to)) {
            source.del(from);
        }
        counted.run();
    }

    private void splitDone(String key, Report report) {
        if (sameRedis) {
            source.del(key);
        }
        report.split();
    }

    /** What a migration did, by kind. */
    static final class Report {

        private int copied;
        private int renamed;
        private int split;

        void copied() {
            copied++;
        }

        void renamed() {
            renamed++;
        }

        void split() {
            split++;
        }

        @Override
        public String toString() {
            return "Copied " + copied + " key(s) unchanged, " + renamed + " to a new name and split " + split
                    + " schedule(s) into " + BucketedKey.BUCKETS + " buckets each";
        }
    }
}
