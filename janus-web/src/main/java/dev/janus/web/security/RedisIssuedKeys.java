package dev.janus.web.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.janus.redis.SharedRedis;

/**
 * {@link IssuedKeys} in the Redis hash {@code janus:security:api-keys}: field the key's SHA-256, value
 * {@code <principal>|<role>,<role>|<issued at>}. The keys themselves are never stored.
 */
public final class RedisIssuedKeys implements IssuedKeys {

    /** The hash that holds them. */
    public static final String KEY = "janus:security:api-keys";

    private final SharedRedis redis;

    public RedisIssuedKeys(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public void put(String hash, IssuedKey key) {
        String roles = key.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
        redis.sync().hset(KEY, hash, key.principal() + "|" + roles + "|" + key.issuedAt());
    }

    @Override
    public Optional<IssuedKey> find(String hash) {
        return Optional.ofNullable(redis.sync().hget(KEY, hash)).map(RedisIssuedKeys::parse);
    }

    @Override
    public List<IssuedKey> all() {
        return redis.sync().hvals(KEY).stream().map(RedisIssuedKeys::parse).toList();
    }

    @Override
    public int revoke(String principal) {
        int revoked = 0;
        for (Map.Entry<String, String> entry : redis.sync().hgetall(KEY).entrySet()) {
            if (parse(entry.getValue()).principal().equals(principal)) {
                revoked += redis.sync().hdel(KEY, entry.getKey()).intValue();
            }
        }
        return revoked;
    }

    private static IssuedKey parse(String value) {
        String[] parts = value.split("\\|", 3);
        Set<Role> roles = Arrays.stream(parts[1].split(",")).map(Role::of).collect(Collectors.toSet());
        return new IssuedKey(parts[0], roles, Instant.parse(parts[2]));
    }
}
