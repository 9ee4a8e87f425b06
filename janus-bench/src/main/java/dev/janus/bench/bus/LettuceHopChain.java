package dev.janus.bench.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.janus.bench.RedisServer;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Events passed along a chain of hops with nothing but Lettuce: what Redis, Lettuce and this machine give before Janus
 * adds anything. The bench's thread XADDs each event's JSON at a fixed rate to the first hop's stream; each hop is a
 * thread with a connection of its own that reads its stream with XREADGROUP COUNT 500 BLOCK 100, decodes each event
 * with {@link EventCodec} and, but for the last hop, encodes it again and XADDs it to the next hop's stream on the one
 * connection every publisher shares (as the components of one JVM share their bus's), then acknowledges the batch with
 * one XACK. The last hop times each event's arrival. One hop is the bus latency's floor (XADD → XREADGROUP); six are
 * a conversation turn's (the hops its events take one after another).
 */
public final class LettuceHopChain {

    private static final String GROUP = "chain";
    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final int hops;

    /** A chain of {@code hops} consumers, at least one. */
    public LettuceHopChain(int hops) {
        if (hops < 1) {
            throw new IllegalArgumentException("a chain has at least one hop, but was asked for " + hops);
        }
        this.hops = hops;
    }

    /**
     * Sends {@code warmup + measured} events through the chain at {@code rate} per second; the measured latencies,
     * from just before an event's first XADD to its arrival at the last hop.
     *
     * @throws IllegalStateException when an XADD failed: the floor would be missing events for a reason of its own
     */
    public LatencySamples run(RedisServer redis, int rate, int warmup, int measured) throws InterruptedException {
        int total = warmup + measured;
        long[] sentAt = new long[total];
        AtomicLongArray arrivedAt = new AtomicLongArray(total);
        AtomicInteger failedWrites = new AtomicInteger();
        RedisClient client = RedisClient.create(redis.url());
        List<Hop> chain = new ArrayList<>();
        try (StatefulRedisConnection<String, String> publisher = client.connect()) {
            Publish publish = (stream, json, sequence) -> publisher.async()
                    .xadd(stream, Map.of("event", json, "seq", sequence))
                    .whenComplete((id, error) -> {
                        if (error != null) {
                            failedWrites.incrementAndGet();
                        }
                    });
            EventCodec codec = new EventCodec();
            try {
                for (int hop = 0; hop < hops; hop++) {
                    publisher.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream(hop), "0-0"), GROUP,
                            XGroupCreateArgs.Builder.mkstream(true));
                    chain.add(new Hop(hop, hop == hops - 1, client.connect(), publish, codec, arrivedAt, total));
                }
                chain.forEach(Hop::start);
                SampleEvents samples = new SampleEvents(64);
                FixedRate pace = new FixedRate(rate, 100);
                for (int i = 0; i < total; i++) {
                    String json = codec.encodeToString(samples.next());
                    pace.awaitNext();
                    sentAt[i] = System.nanoTime();
                    publish.xadd(stream(0), json, Integer.toString(i));
                }
                chain.get(hops - 1).awaitAll();
            }
            finally {
                for (Hop hop : chain) {
                    hop.stop();
                }
                for (int hop = 0; hop < hops; hop++) {
                    publisher.sync().del(stream(hop));
                }
            }
        }
        finally {
            chain.forEach(Hop::close);
            client.shutdown();
        }
        if (failedWrites.get() > 0) {
            throw new IllegalStateException(failedWrites.get() + " XADDs of the " + hops + "-hop chain failed; see the "
                    + "bench's redis-server log");
        }
        long[] micros = new long[measured];
        for (int i = warmup; i < total; i++) {
            long arrived = arrivedAt.get(i);
            micros[i - warmup] = arrived == 0 ? LatencySamples.MISSING : (arrived - sentAt[i]) / 1_000;
        }
        return new LatencySamples(micros);
    }

    private static String stream(int hop) {
        return "bench:hop-chain:" + hop;
    }

    @FunctionalInterface
    private interface Publish {
        void xadd(String stream, String json, String sequence);
    }

    /** One hop: reads its stream and passes each event on to the next, or (the last) times its arrival. */
    private static final class Hop {

        private final int index;
        private final boolean last;
        private final StatefulRedisConnection<String, String> reader;
        private final Publish publish;
        private final EventCodec codec;
        private final AtomicLongArray arrivedAt;
        private final int total;
        private final Thread thread;
        private volatile boolean running = true;

        Hop(int index, boolean last, StatefulRedisConnection<String, String> reader, Publish publish,
                EventCodec codec, AtomicLongArray arrivedAt, int total) {
            this.index = index;
            this.last = last;
            this.reader = reader;
            this.publish = publish;
            this.codec = codec;
            this.arrivedAt = arrivedAt;
            this.total = total;
            this.thread = new Thread(this::relay, "hop-chain-" + index);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Waits until the hop has read every event, at most {@value #STOP_TIMEOUT_MILLIS} ms. */
        void awaitAll() throws InterruptedException {
            thread.join(STOP_TIMEOUT_MILLIS);
        }

        /** Asks the hop to stop; it does once its read in progress returns (at most one block interval). */
        void stop() throws InterruptedException {
            running = false;
            thread.join(STOP_TIMEOUT_MILLIS);
        }

        void close() {
            reader.close();
        }

        private void relay() {
            int seen = 0;
            while (running && seen < total) {
                List<StreamMessage<String, String>> entries = reader.sync().xreadgroup(
                        Consumer.from(GROUP, "hop-" + index), XReadArgs.Builder.count(500).block(100),
                        XReadArgs.StreamOffset.lastConsumed(stream(index)));
                for (StreamMessage<String, String> entry : entries) {
                    JanusEvent event = codec.decode(Objects.requireNonNull(entry.getBody().get("event"),
                            "each hop writes events"));
                    String sequence = Objects.requireNonNull(entry.getBody().get("seq"), "each hop writes seq");
                    if (last) {
                        arrivedAt.set(Integer.parseInt(sequence), System.nanoTime());
                    }
                    else {
                        publish.xadd(stream(index + 1), codec.encodeToString(event), sequence);
                    }
                    seen++;
                }
                if (!entries.isEmpty()) {
                    reader.async().xack(stream(index), GROUP,
                            entries.stream().map(StreamMessage::getId).toArray(String[]::new));
                }
            }
        }
    }
}
