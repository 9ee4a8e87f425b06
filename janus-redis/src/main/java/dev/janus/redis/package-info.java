/**
 * Janus's Redis: the connection to one server or a cluster with its replica waits
 * ({@link dev.janus.redis.RedisConnector}, {@link dev.janus.redis.ReplicaWait}), atomic steps as Lua scripts
 * ({@link dev.janus.redis.LuaScript}), and what components keep their shared state with
 * ({@link dev.janus.redis.SharedRedis}, {@link dev.janus.redis.BucketedKey}, {@link dev.janus.redis.RedisOutage}).
 * The bus's Redis Streams engine is built on the same connection; its stream readers read entry values as bytes
 * ({@link dev.janus.redis.StreamReadConnection}).
 */
@NullMarked
package dev.janus.redis;

import org.jspecify.annotations.NullMarked;
