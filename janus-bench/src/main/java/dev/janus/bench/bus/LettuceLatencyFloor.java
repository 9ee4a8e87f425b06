package dev.janus.bench.bus;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.janus.bench.RedisServer;
import dev.janus.events.EventCodec;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The same fixed-rate load as the bus latency benchmark, without the bus: Lettuce XADDs the event JSON, one thread
 * reads with XREADGROUP COUNT 500 BLOCK 100, decodes each event with {@link EventCodec} and acknowledges each batch
 * with one XACK. What Redis, Lettuce and this machine give before Janus adds anything.
 */
final class LettuceLatencyFloor {

    private static final String STREAM = "bench:latency-floor";
    private static final String GROUP = "floor";

    /** Runs {@code warmup + measured} events at {@code rate} per second and returns the measured latencies. */
    LatencySamples run(RedisServer redis, int rate, int warmup, int measured) throws InterruptedException {
        int total = warmup + measured;
        long[] sentAt = new long[total];
        AtomicLongArray handledAt = new AtomicLongArray(total);
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> publisher = client.connect();
                StatefulRedisConnection<String, String> reader = client.connect()) {
            publisher.sync().xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0-0"), GROUP,
                    XGroupCreateArgs.Builder.mkstream(true));
            EventCodec codec = new EventCodec();
            Thread consumer = new Thread(() -> consume(reader, codec, handledAt, total), "latency-floor-reader");
            consumer.setDaemon(true);
            consumer.start();
            SampleEvents samples = new SampleEvents(64);
            FixedRate pace = new FixedRate(rate, 100);
            for (int i = 0; i < total; i++) {
                String json = codec.encodeToString(samples.next());
                pace.awaitNext();
                sentAt[i] = System.nanoTime();
                publisher.async().xadd(STREAM, Map.of("event", json, "seq", Integer.toString(i)));
            }
            consumer.join(TimeUnit.SECONDS.toMillis(10));
            consumer.interrupt();
            publisher.sync().del(STREAM);
        }
        finally {
            client.shutdown();
        }
        long[] micros = new long[measured];
        for (int i = warmup; i < total; i++) {
            long done = handledAt.get(i);
            micros[i - warmup] = done == 0 ? LatencySamples.MISSING : (done - sentAt[i]) / 1_000;
        }
        return new LatencySamples(micros);
    }

    @SuppressWarnings("unchecked")
    private static void consume(StatefulRedisConnection<String, String> reader, EventCodec codec,
            AtomicLongArray handledAt, int total) {
        int seen = 0;
        while (seen < total && !Thread.currentThread().isInterrupted()) {
            var entries = reader.sync().xreadgroup(Consumer.from(GROUP, "floor-1"),
                    XReadArgs.Builder.count(500).block(100), XReadArgs.StreamOffset.lastConsumed(STREAM));
            for (StreamMessage<String, String> entry : entries) {
                codec.decode(Objects.requireNonNull(entry.getBody().get("event"), "the producer writes events"));
                handledAt.set(Integer.parseInt(entry.getBody().get("seq")), System.nanoTime());
                seen++;
            }
            if (!entries.isEmpty()) {
                reader.async().xack(STREAM, GROUP, entries.stream().map(StreamMessage::getId).toArray(String[]::new));
            }
        }
    }
}
