package dev.janus.bench.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.janus.bench.RedisServer;
import dev.janus.bench.bus.FixedRate;
import dev.janus.bench.bus.LatencySamples;
import dev.janus.bench.bus.SampleEvents;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The floor of a conversation turn on Redis: the chain of hops a turn takes one after another ({@value #HOPS}: the
 * message to the orchestrator, its context request to memory, the context back, the LLM request, the reply back, the
 * response to its reader), with nothing else. Each hop is a thread of a plain Lettuce consumer on a connection of its
 * own: it reads its stream with XREADGROUP COUNT 500 BLOCK 100, decodes each event with {@link EventCodec}, encodes it
 * again and XADDs it to the next hop's stream on one connection all hops share (as the components of one JVM share
 * their bus's), then acknowledges the batch with one XACK. No model, no join, no reads or writes of memory or tools:
 * what Redis, Lettuce and this machine give a turn's hops at a rate, before Janus adds anything.
 */
final class LettuceHopChain {

    /** The hops of a turn's critical path (the tools and intent branches run beside memory's). */
    static final int HOPS = 6;

    private static final String GROUP = "chain";
    private static final long STOP_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    /** Sends {@code warmup + measured} events through the chain at {@code rate} per second; the measured latencies. */
    LatencySamples run(RedisServer redis, int rate, int warmup, int measured) throws InterruptedException {
        int total = warmup + measured;
        long[] sentAt = new long[total];
        AtomicLongArray arrivedAt = new AtomicLongArray(total);
        RedisClient client = RedisClient.create(redis.url());
        List<Hop> hops = new ArrayList<>();
        try (StatefulRedisConnection<String, String> publisher = client.connect()) {
            EventCodec codec = new EventCodec();
            for (int hop = 0; hop < HOPS; hop++) {
                publisher.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream(hop), "0-0"), GROUP,
                        XGroupCreateArgs.Builder.mkstream(true));
                hops.add(new Hop(hop, client.connect(), publisher, codec, arrivedAt, total));
            }
            hops.forEach(Hop::start);
            SampleEvents samples = new SampleEvents(64);
            FixedRate pace = new FixedRate(rate, 100);
            for (int i = 0; i < total; i++) {
                String json = codec.encodeToString(samples.next());
                pace.awaitNext();
                sentAt[i] = System.nanoTime();
                publisher.async().xadd(stream(0), Map.of("event", json, "seq", Integer.toString(i)));
            }
            hops.get(HOPS - 1).thread.join(STOP_TIMEOUT_MILLIS);
            for (Hop hop : hops) {
                hop.stop();
            }
            for (int hop = 0; hop < HOPS; hop++) {
                publisher.sync().del(stream(hop));
            }
        }
        finally {
            hops.forEach(hop -> hop.reader.close());
            client.shutdown();
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

    /** One hop: reads its stream, passes each event on to the next (or, the last, times its arrival). */
    private static final class Hop {

        final StatefulRedisConnection<String, String> reader;
        final Thread thread;
        private final int index;
        private final StatefulRedisConnection<String, String> publisher;
        private final EventCodec codec;
        private final AtomicLongArray arrivedAt;
        private final int total;
        private volatile boolean running = true;

        Hop(int index, StatefulRedisConnection<String, String> reader,
                StatefulRedisConnection<String, String> publisher, EventCodec codec, AtomicLongArray arrivedAt,
                int total) {
            this.index = index;
            this.reader = reader;
            this.publisher = publisher;
            this.codec = codec;
            this.arrivedAt = arrivedAt;
            this.total = total;
            this.thread = new Thread(this::relay, "hop-chain-" + index);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Stops reading within one block interval. */
        void stop() throws InterruptedException {
            running = false;
            thread.join(STOP_TIMEOUT_MILLIS);
        }

        private void relay() {
            boolean last = index == HOPS - 1;
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
                        publisher.async().xadd(stream(index + 1),
                                Map.of("event", codec.encodeToString(event), "seq", sequence));
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
