package dev.janus.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A global schedule or index (join deadlines, due reminders, ...) split into {@value #BUCKETS} keys
 * {@code <base>:{b<n>}}, so that on a Redis Cluster a script can update it together with an item's own keys: an item
 * belongs to bucket {@code n = hash(item id) mod }{@value #BUCKETS}, and its keys carry the same hash tag
 * {@code {b<n>}} ({@link #tagOf}), so they share the bucket key's slot. Readers of the whole schedule read each
 * bucket. The split is fixed: changing {@value #BUCKETS} moves items to other buckets and needs a migration. On a
 * single Redis the buckets cost a few more reads and nothing else.
 *
 * @param base the key without its bucket, e.g. {@code janus:join:deadlines}
 */
public record BucketedKey(String base) {

    /** How many buckets every schedule is split into. */
    public static final int BUCKETS = 16;

    /** The bucket of an item, from its id ({@link String#hashCode()}, the same in every JVM). */
    public static int bucketOf(String item) {
        return Math.floorMod(item.hashCode(), BUCKETS);
    }

    /** The hash tag of an item's bucket, {@code {b<n>}}: put it in each key of the item a script touches. */
    public static String tagOf(String item) {
        return tag(bucketOf(item));
    }

    private static String tag(int bucket) {
        return "{b" + bucket + "}";
    }

    /** The bucket key holding {@code item}. */
    public String keyOf(String item) {
        return key(bucketOf(item));
    }

    /** The key of bucket {@code bucket} (0 to {@value #BUCKETS} - 1). */
    public String key(int bucket) {
        return base + ":" + tag(bucket);
    }

    /** Every bucket key, bucket 0 first. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(BUCKETS);
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            keys.add(key(bucket));
        }
        return keys;
    }
}
