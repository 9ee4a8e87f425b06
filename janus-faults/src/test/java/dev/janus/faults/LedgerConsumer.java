package dev.janus.faults;

import java.util.concurrent.CountDownLatch;

import dev.janus.bus.EventBus;
import dev.janus.events.EventKeys;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A consumer in a JVM of its own, for cases that kill it with SIGKILL at any moment: it handles
 * {@code input.message.received} in the group {@code janus-faults} and keeps its history in a ledger Redis that
 * no fault touches — each attempt {@code HINCRBY janus-faults:attempts <id> 1}, each handling that ran to its end
 * {@code HINCRBY janus-faults:effects <id> 1} (counted raw). An event whose text starts with {@code crash} makes the
 * process halt at once, as a message that kills its consumer would. Prints {@code READY} once subscribed.
 * Arguments: faulted Redis URL, ledger Redis URL, consumer name, and optionally max-deliveries.
 */
public final class LedgerConsumer {

    static final String GROUP = "janus-faults";
    static final String ATTEMPTS = "janus-faults:attempts";
    static final String EFFECTS = "janus-faults:effects";

    private LedgerConsumer() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisCommands<String, String> ledger = RedisClient.create(args[1]).connect().sync();
        int maxDeliveries = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        EventBus bus = TestBuses.redis(TestBusSettings.redis(args[0]).consumerName(args[2]).concurrency(4)
                .claimIdle(java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(100)).maxLength(0)
                .maxDeliveries(maxDeliveries).build());
        CountDownLatch ready = new CountDownLatch(1);
        bus.subscribe("input.message.received", GROUP, event -> {
            ledger.hincrby(ATTEMPTS, event.eventId(), 1);
            if (event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text().startsWith("crash")) {
                // after READY, so the test knows this consumer started before it died
                ready.await();
                Runtime.getRuntime().halt(3);
            }
            ledger.hincrby(EFFECTS, event.eventId(), 1);
        });
        System.out.println("READY");
        System.out.flush();
        ready.countDown();
        new CountDownLatch(1).await();
    }
}
