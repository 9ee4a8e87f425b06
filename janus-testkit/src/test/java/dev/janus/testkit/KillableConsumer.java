package dev.janus.testkit;

import java.util.concurrent.CountDownLatch;

import dev.janus.bus.EventBus;

/**
 * A consumer in a JVM of its own, for tests that kill it with SIGKILL between reading an event and
 * acknowledging it: it announces each event on standard output, then never finishes handling it.
 * Arguments: Redis URL, consumer group.
 */
public final class KillableConsumer {

    private KillableConsumer() {
    }

    public static void main(String[] args) throws InterruptedException {
        EventBus bus = TestBuses.redis(TestBusSettings.redis(args[0]).consumerName("doomed").build());
        CountDownLatch never = new CountDownLatch(1);
        bus.subscribe("input.message.received", args[1], event -> {
            System.out.println("RECEIVED " + event.eventId());
            System.out.flush();
            never.await();
        });
        System.out.println("READY");
        System.out.flush();
        never.await();
    }
}
