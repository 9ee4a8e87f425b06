package dev.janus.bench.bus;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.bench.RedisServer;
import dev.janus.events.EventCodec;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.Subscription;

/**
 * The baseline: a consumer written the way Spring Data Redis' reference documentation shows it — a
 * {@link StreamMessageListenerContainer} on a plain {@link LettuceConnectionFactory}, {@code receive} with
 * {@code ReadOffset.lastConsumed()}, and a listener that acknowledges each message with
 * {@code opsForStream().acknowledge}. To be fair it decodes every event with {@link EventCodec} and reads batches of
 * 500 with a 100 ms poll timeout, as the bus does by default.
 */
final class SpringDataRedisConsumer {

    static final String GROUP = "spring-data-redis";
    static final int BATCH_SIZE = 500;

    private static final long TIMEOUT_SECONDS = 90;

    private final RedisServer redis;

    SpringDataRedisConsumer(RedisServer redis) {
        this.redis = redis;
    }

    /** Times the container from start until the backlog is handled and acked. */
    StreamBacklog.Drain drain(StreamBacklog backlog) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        ExecutorService pollThreads = Executors.newCachedThreadPool();
        StreamMessageListenerContainer<String, MapRecord<String, String, String>> container = null;
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.opsForStream().createGroup(StreamBacklog.STREAM, ReadOffset.from("0-0"), GROUP);
            EventCodec codec = new EventCodec();
            AtomicLong handled = new AtomicLong();
            StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options =
                    StreamMessageListenerContainerOptions.builder()
                            .pollTimeout(Duration.ofMillis(100))
                            .batchSize(BATCH_SIZE)
                            .executor(pollThreads)
                            .build();
            container = StreamMessageListenerContainer.create(factory, options);
            Subscription subscription = container.receive(Consumer.from(GROUP, "baseline-1"),
                    StreamOffset.create(StreamBacklog.STREAM, ReadOffset.lastConsumed()), message -> {
                        codec.decode(Objects.requireNonNull(message.getValue().get("event"), "the backlog has events"));
                        handled.incrementAndGet();
                        template.opsForStream().acknowledge(GROUP, message);
                    });
            long start = System.nanoTime();
            container.start();
            StreamBacklog.Drain drain = backlog.awaitDrained(GROUP, handled::get, start, TIMEOUT_SECONDS);
            subscription.cancel();
            return drain;
        }
        finally {
            if (container != null) {
                container.stop();
            }
            // let the poll in flight return before its connection closes
            pollThreads.shutdown();
            try {
                pollThreads.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            factory.stop();
            factory.destroy();
        }
    }
}
