package dev.janus.memory.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.janus.events.RecordConstructors;
import dev.janus.redis.SharedRedis;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import tools.jackson.databind.json.JsonMapper;

/**
 * Facts in Redis, shared by every memory replica and kept across restarts:
 * {@code janus:memory:facts:<user_id>} — hash of fact id to the stored fact as JSON;
 * {@code janus:memory:fact-users} — set of the users with facts.
 */
public final class RedisFactStore implements FactStore {

    private static final String USERS = "janus:memory:fact-users";

    private final SharedRedis redis;
    private final JsonMapper json = JsonMapper.builder().addModule(new RecordConstructors()).build();

    public RedisFactStore(SharedRedis redis) {
        this.redis = redis;
    }

    static String key(String userId) {
        return "janus:memory:facts:" + userId;
    }

    @Override
    public Supplier<List<StoredFact>> readOf(String userId) {
        CompletionStage<List<String>> reply = redis.async().hvals(key(userId));
        return () -> {
            List<StoredFact> facts = new ArrayList<>();
            for (String value : redis.await(reply)) {
                facts.add(json.readValue(value, StoredFact.class));
            }
            facts.sort(Comparator.comparing(stored -> stored.fact().at()));
            return facts;
        };
    }

    @Override
    public void put(String userId, List<StoredFact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        facts.forEach(fact -> values.put(fact.id(), json.writeValueAsString(fact)));
        RedisClusterAsyncCommands<String, String> commands = redis.async();
        redis.awaitAll(List.of(commands.hset(key(userId), values), commands.sadd(USERS, userId)), key(userId), USERS);
    }

    @Override
    public void remove(String userId, Set<String> factIds) {
        if (!factIds.isEmpty()) {
            redis.sync().hdel(key(userId), factIds.toArray(String[]::new));
        }
    }

    @Override
    public int forget(String userId) {
        Long count = redis.sync().hlen(key(userId));
        redis.sync().del(key(userId));
        redis.sync().srem(USERS, userId);
        return count == null ? 0 : count.intValue();
    }

    @Override
    public Set<String> users() {
        return Set.copyOf(redis.sync().smembers(USERS));
    }
}
