package dev.janus.bus.internal;

import java.lang.Thread.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderedLanesTests {

    @Test
    void workThatThrowsDespiteItsContractLeavesTheLaneWorkingOnTheRest() {
        // given one lane whose work throws on "bad"
        List<String> done = new CopyOnWriteArrayList<>();
        OrderedLanes<String> lanes = new OrderedLanes<>("lanes-test", 1, work -> {
            if (work.equals("bad")) {
                throw new IllegalStateException("a worker that breaks its contract");
            }
            done.add(work);
        }, work -> { }, () -> { });
        try {
            // when
            lanes.submit("stream", "first");
            lanes.submit("stream", "bad");
            lanes.submit("stream", "after");

            // then
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
            assertThat(done).containsExactly("first", "after");
        }
        finally {
            lanes.stop(false, Duration.ofSeconds(5));
        }
    }

    @Test
    void aLaneThatRanDryParksRatherThanKeepItsCoreAndWakesForTheNextWork() {
        // given one lane that has done its work
        List<String> done = new CopyOnWriteArrayList<>();
        OrderedLanes<String> lanes = new OrderedLanes<>("lanes-idle", 1, done::add, work -> { }, () -> { });
        try {
            lanes.submit("stream", "first");
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 1);

            // then it parks once its short wait for more is over (a lane that kept yielding would stay RUNNABLE)
            await().atMost(Duration.ofSeconds(10)).until(() -> laneThread("lanes-idle-0").getState() == State.WAITING);

            // and the next work wakes it
            lanes.submit("stream", "second");
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
        }
        finally {
            lanes.stop(false, Duration.ofSeconds(5));
        }
    }

    private static Thread laneThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name))
                .findFirst().orElseThrow();
    }
}
