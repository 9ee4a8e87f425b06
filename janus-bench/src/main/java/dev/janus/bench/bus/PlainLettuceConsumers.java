package dev.janus.bench.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.bench.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The ceiling a consumer of the bus is measured against: a plain Lettuce client draining the backlog as one
 * consumer group, {@code XREADGROUP COUNT 500 BLOCK 100}, one pipelined {@code XACK} per batch, no decoding and no
 * handler; {@code threads} threads of one JVM, each with its own connection and consumer name.
 */
final class PlainLettuceConsumers {

    static final int COUNT = 500;
    private static final long TIMEOUT_SECONDS = 90;

    private final RedisServer redis;

    PlainLettuceConsumers(RedisServer redis) {
        this.redis = redis;
    }

    /** Times a new group of {@code threads} consumers from its first read until the backlog is read and acked. */
    StreamBacklog.Drain drain(StreamBacklog backlog, String group, int threads) throws InterruptedException {
        RedisClient client = RedisClient.create(redis.url());
        AtomicLong read = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> consumers = new ArrayList<>();
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().xgroupCreate(StreamOffset.from(StreamBacklog.STREAM, "0-0"), group);
            long start = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                StatefulRedisConnection<String, String> connection = client.connect();
                Consumer<String> consumer = Consumer.from(group, "plain-" + i);
                Thread thread = new Thread(() -> consume(connection, consumer, group, read, done), "plain-" + i);
                consumers.add(thread);
                thread.start();
            }
            return backlog.awaitDrained(group, read::get, start, TIMEOUT_SECONDS);
        }
        finally {
            done.set(true);
            for (Thread thread : consumers) {
                thread.join();
            }
            client.shutdown();
        }
    }

    private static void consume(StatefulRedisConnection<String, String> connection, Consumer<String> consumer,
            String group, AtomicLong read, AtomicBoolean done) {
        try (connection) {
            XReadArgs args = XReadArgs.Builder.count(COUNT).block(100);
            while (!done.get()) {
                List<StreamMessage<String, String>> entries = connection.sync().xreadgroup(consumer, args,
                        StreamOffset.lastConsumed(StreamBacklog.STREAM));
                if (entries.isEmpty()) {
                    continue;
                }
                String[] ids = new String[entries.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = entries.get(i).getId();
                }
                connection.async().xack(StreamBacklog.STREAM, group, ids);
                read.addAndGet(ids.length);
            }
        }
    }
}
