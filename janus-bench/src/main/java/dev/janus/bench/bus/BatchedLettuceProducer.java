package dev.janus.bench.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.bench.RedisServer;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.bus.redis.RedisEventBus.PublishCommand;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The ceiling the bus's publish is measured against: one plain Lettuce connection sending, per event, the command
 * the bus sends (its publish script by SHA-1, with the same keys and arguments: the event's stream and its
 * conversation's index), flushing every {@value #FLUSH_EVERY} commands, the events' JSON prepared beforehand.
 */
final class BatchedLettuceProducer {

    static final int FLUSH_EVERY = 1_000;

    private final RedisServer redis;

    BatchedLettuceProducer(RedisServer redis) {
        this.redis = redis;
    }

    /** Publishes the events into an emptied server and returns events per second. */
    double publish(RedisEventBus bus, JanusEvent[] events) throws Exception {
        redis.flushAll();
        EventCodec codec = new EventCodec();
        PublishCommand[] commands = new PublishCommand[events.length];
        for (int i = 0; i < events.length; i++) {
            // as the bus sends the nine flows in ten it does not sample, without a traceparent: the tenth it samples
            // carries ~55 bytes more, so the reference is, if anything, favoured
            commands[i] = bus.publishCommand(events[i], codec.encodeToString(events[i]));
        }
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            commands[0].script().load(connection.sync());
            connection.setAutoFlushCommands(false);
            List<CompletableFuture<Object>> sent = new ArrayList<>(commands.length);
            long start = System.nanoTime();
            for (int i = 0; i < commands.length; i++) {
                PublishCommand command = commands[i];
                sent.add(connection.async().<Object>evalsha(command.script().sha(), ScriptOutputType.VALUE,
                        command.keys(), command.arguments()).toCompletableFuture());
                if ((i + 1) % FLUSH_EVERY == 0) {
                    connection.flushCommands();
                }
            }
            connection.flushCommands();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            return events.length / ((System.nanoTime() - start) / 1e9);
        }
        finally {
            client.shutdown();
        }
    }
}
