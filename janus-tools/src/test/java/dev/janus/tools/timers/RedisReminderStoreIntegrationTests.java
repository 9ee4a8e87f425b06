package dev.janus.tools.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.EventTestHarness;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import dev.janus.tools.registry.CallOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reminders in Redis: one per id, claimed by one instance at a time, and kept across restarts. */
@ExtendWith(RedisExtension.class)
class RedisReminderStoreIntegrationTests {

    private static BusProperties settings;
    private static RedisEndpoint redisEndpoint;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void locateRedis(RedisEndpoint endpoint) {
        redisEndpoint = endpoint;
        settings = TestBusSettings.redis(endpoint.url()).build();
    }

    @BeforeEach
    void emptyRedis() {
        redisEndpoint.flush();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** A store on a connection of its own, as a separate tools instance has. */
    private RedisReminderStore instance() {
        SharedRedis redis = new SharedRedis(settings.redis().connection());
        closeables.add(redis);
        return new RedisReminderStore(redis);
    }

    private static Reminder reminder(String id, Instant dueAt) {
        return reminder(id, dueAt, "ada");
    }

    private static Reminder reminder(String id, Instant dueAt, String userId) {
        return new Reminder(id, "call Maria", dueAt, new CallOrigin("request-1", "conversation", "correlation-1",
                "0af7651916cd43dd8448eb211c80319c", userId, "chat"));
    }

    @Test
    void countsAUsersRemindersAtOnceAcrossInstancesAndCancelsThemAllWhenTheUserIsErased() {
        // given ada's two reminders, counted against a limit of two
        RedisReminderStore store = instance();
        Instant now = Instant.now();
        Instant due = now.plusSeconds(60);
        for (String id : List.of("a1", "a2")) {
            assertThat(store.admit("ada", id, due, now, 2)).isTrue();
            store.add(reminder(id, due));
        }

        // when / then another instance finds no place left, a repeated call still has its own
        assertThat(instance().admit("ada", "a3", due, now, 2)).isFalse();
        assertThat(store.admit("ada", "a2", due, now, 2)).as("a repeated call").isTrue();

        // a completed reminder frees its place
        store.complete("a1");
        assertThat(store.pendingOf("ada")).isEqualTo(1);
        assertThat(store.admit("ada", "a3", due, now, 2)).isTrue();

        // a day past their due time, reminders stop counting (their completion may have been lost)
        assertThat(store.admit("ada", "a4", due, now.plus(Duration.ofDays(2)), 2)).isTrue();
        assertThat(store.pendingOf("ada")).isEqualTo(1);

        // erasure cancels hers, counted or stored before counting existed, and no one else's
        store.add(reminder("a-old", due));
        store.add(reminder("b1", due, "bob"));
        assertThat(store.cancelOf("ada")).isEqualTo(2);
        assertThat(store.pendingOf("ada")).isZero();
        assertThat(store.pending()).isEqualTo(1);
    }

    @Test
    void keepsOneReminderPerId() {
        RedisReminderStore store = instance();
        Instant due = Instant.now().plusSeconds(60);
        assertThat(store.add(reminder("r1", due))).isTrue();
        assertThat(store.add(reminder("r1", due))).isFalse();
        assertThat(store.pending()).isEqualTo(1);
    }

    @Test
    void letsOneInstanceClaimADueReminderUntilItsLeaseRunsOut() {
        // given
        RedisReminderStore first = instance();
        RedisReminderStore second = instance();
        Instant now = Instant.now();
        first.add(reminder("r1", now.minusSeconds(1)));
        first.add(reminder("later", now.plusSeconds(3600)));

        // when
        List<Reminder> claimedByFirst = first.claimDue(now, Duration.ofSeconds(30), 10);
        List<Reminder> claimedBySecond = second.claimDue(now, Duration.ofSeconds(30), 10);

        // then
        assertThat(claimedByFirst).extracting(Reminder::id).containsExactly("r1");
        assertThat(claimedByFirst.get(0)).isEqualTo(reminder("r1", now.minusSeconds(1)));
        assertThat(claimedBySecond).isEmpty();
        // the first instance died without completing: after the lease the second takes it over
        assertThat(second.claimDue(now.plusSeconds(31), Duration.ofSeconds(30), 10)).extracting(Reminder::id)
                .containsExactly("r1");
    }

    @Test
    void aCompletedReminderIsGone() {
        RedisReminderStore store = instance();
        Instant now = Instant.now();
        store.add(reminder("r1", now.minusSeconds(1)));
        store.claimDue(now, Duration.ofSeconds(30), 10);
        store.complete("r1");
        assertThat(store.pending()).isZero();
        assertThat(store.claimDue(now.plusSeconds(60), Duration.ofSeconds(30), 10)).isEmpty();
    }

    @Test
    void aReminderSetBeforeARestartFiresOnceAfterIt() throws Exception {
        // given: an instance sets a reminder and stops before it is due
        RedisReminderStore before = instance();
        before.add(reminder("survivor", Instant.now().plusMillis(500)));

        // when: a new instance starts on the same Redis
        RedisEventBus bus = TestBuses.redis(settings);
        closeables.add(bus);
        EventTestHarness harness = new EventTestHarness(bus);
        closeables.add(harness);
        RedisReminderStore after = instance();
        ReminderScheduler scheduler = new ReminderScheduler(after, bus, Clock.systemUTC(), Duration.ofMillis(50),
                "janus-tools");
        closeables.add(scheduler::stop);
        scheduler.start();

        // then
        JanusEvent due = harness.awaitEvent(EventType.TOOLS_REMINDER_DUE, event -> true, Duration.ofSeconds(15));
        assertThat(due.content(EventKeys.TOOLS_REMINDER_DUE).text()).isEqualTo("call Maria");
        assertThat(due.streamId()).isEqualTo("conversation");
        await().atMost(10, TimeUnit.SECONDS).until(() -> after.pending() == 0);
        assertThat(bus.recentEvents(dev.janus.bus.EventPattern.of("tools.reminder.due"), "conversation", 100))
                .hasSize(1);
    }
}
