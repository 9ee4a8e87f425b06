package dev.janus.bus.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTaskTests {

    @Test
    void logsAStreakOfFailuresOnceAtWarnItsRepeatsAtDebugAndItsEndAtInfo() throws InterruptedException {
        // given: runs 1-5 fail (Redis out of reach, say), 6 succeeds, 7 fails, 8 and on succeed
        Logger logger = (Logger) LoggerFactory.getLogger(PeriodicTask.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(logged);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ninthRun = new CountDownLatch(1);
        PeriodicTask task = new PeriodicTask("janus-test-sweep", Duration.ZERO, Duration.ofMillis(1), () -> {
            int run = runs.incrementAndGet();
            if (run == 9) {
                ninthRun.countDown();
            }
            if (run <= 5 || run == 7) {
                throw new IllegalStateException("Redis is out of reach (run " + run + ")");
            }
        });

        // when
        try {
            task.start();
            assertThat(ninthRun.await(30, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            task.stop();
            logger.detachAppender(logged);
            logger.setLevel(level);
        }

        // then: a failure does not stop the runs, and a streak logs two lines besides its repeats at DEBUG
        List<String> lines = logged.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .filter(line -> line.contains("janus-test-sweep")).toList();
        assertThat(lines).containsExactly(
                "WARN janus-test-sweep failed; it runs again in 0.001s (failures in a row are logged at DEBUG until a run "
                        + "succeeds)",
                "DEBUG janus-test-sweep failed again (2 in a row): java.lang.IllegalStateException: Redis is out of "
                        + "reach (run 2)",
                "DEBUG janus-test-sweep failed again (3 in a row): java.lang.IllegalStateException: Redis is out of "
                        + "reach (run 3)",
                "DEBUG janus-test-sweep failed again (4 in a row): java.lang.IllegalStateException: Redis is out of "
                        + "reach (run 4)",
                "DEBUG janus-test-sweep failed again (5 in a row): java.lang.IllegalStateException: Redis is out of "
                        + "reach (run 5)",
                "INFO janus-test-sweep succeeded again after 5 failed run(s)",
                "WARN janus-test-sweep failed; it runs again in 0.001s (failures in a row are logged at DEBUG until a run "
                        + "succeeds)",
                "INFO janus-test-sweep succeeded again after 1 failed run(s)");
        assertThat(logged.list.get(0).getThrowableProxy().getMessage()).isEqualTo("Redis is out of reach (run 1)");
    }

    @Test
    void startsAgainWithoutTheStreakItWasStoppedIn() throws InterruptedException {
        // given: a task stopped after failing three times, then started again with its action working
        Logger logger = (Logger) LoggerFactory.getLogger(PeriodicTask.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        AtomicBoolean failing = new AtomicBoolean(true);
        CountDownLatch threeFailures = new CountDownLatch(3);
        CountDownLatch succeeded = new CountDownLatch(1);
        PeriodicTask task = new PeriodicTask("janus-test-restart", Duration.ZERO, Duration.ofMillis(1), () -> {
            if (failing.get()) {
                threeFailures.countDown();
                throw new IllegalStateException("Redis is out of reach");
            }
            succeeded.countDown();
        });

        // when
        try {
            task.start();
            assertThat(threeFailures.await(30, TimeUnit.SECONDS)).isTrue();
            task.stop();
            failing.set(false);
            task.start();
            assertThat(succeeded.await(30, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            task.stop();
            logger.detachAppender(logged);
        }

        // then: the runs after the restart do not end a streak of the runs before it
        List<String> lines = logged.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .filter(line -> line.contains("janus-test-restart")).toList();
        assertThat(lines).first().asString().startsWith("WARN janus-test-restart failed;");
        assertThat(lines).noneMatch(line -> line.startsWith("INFO"));
    }
}
