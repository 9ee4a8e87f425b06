package dev.janus.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.janus.redis.BusConnection;
import dev.janus.redis.RedisConnector;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The publish connection's flusher on a real Redis: every command queued before {@code flushSoon} reaches Redis, a
 * lone one and each of many queued by several threads at once (none left queued by a flush request that raced
 * another).
 */
@ExtendWith(RedisExtension.class)
class CoalescingFlusherIntegrationTests {

    private static final long BOUND_SECONDS = 30;

    private RedisConnector connector;
    private BusConnection connection;
    private CoalescingFlusher flusher;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redis.flush();
        // commands time out only past the test's own bound: 80,000 queued at once on a loaded machine took more
        // than the 2 s of the other tests, which is not what this test is about
        connector = RedisConnector.create(TestBusSettings.redis(redis.url())
                .commandTimeout(Duration.ofSeconds(BOUND_SECONDS)).build().redis().connection());
        connection = connector.connect();
        flusher = new CoalescingFlusher(connection, "test-flusher");
    }

    @AfterEach
    void close() {
        flusher.close();
        connection.close();
        connector.close();
    }

    @Test
    void sendsALoneCommandOnAQuietConnection() throws Exception {
        // when
        CompletableFuture<Long> counted = connection.async().incr("flusher:lone").toCompletableFuture();
        flusher.flushSoon();

        // then
        assertThat(counted.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void sendsEveryCommandFourThreadsQueueAsFastAsTheyCan() throws Exception {
        // given
        int threads = 4;
        int perThread = 20_000;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<List<CompletableFuture<Long>>>> sent = new ArrayList<>();

        // when
        for (int t = 0; t < threads; t++) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<Long>> counted = new ArrayList<>(perThread);
                for (int i = 0; i < perThread; i++) {
                    counted.add(connection.async().incr("flusher:busy").toCompletableFuture());
                    flusher.flushSoon();
                }
                return counted;
            }, senders));
        }

        // then
        for (CompletableFuture<List<CompletableFuture<Long>>> thread : sent) {
            for (CompletableFuture<Long> counted : thread.get(BOUND_SECONDS, TimeUnit.SECONDS)) {
                counted.get(BOUND_SECONDS, TimeUnit.SECONDS);
            }
        }
        senders.shutdown();
        CompletableFuture<String> total = connection.async().get("flusher:busy").toCompletableFuture();
        flusher.flushSoon();
        assertThat(total.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(Integer.toString(threads * perThread));
    }
}
