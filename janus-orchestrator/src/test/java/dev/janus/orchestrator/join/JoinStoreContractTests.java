package dev.janus.orchestrator.join;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.janus.events.AssembledContext;
import dev.janus.events.ClassifiedIntent;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;
import dev.janus.events.ToolResult;
import dev.janus.testkit.EventFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link JoinStore} guarantees, run against each implementation. A "replica" is another
 * orchestrator instance's view of the same store.
 */
abstract class JoinStoreContractTests {

    static final Duration RETENTION = Duration.ofMinutes(5);

    private final List<JoinStore> replicas = new ArrayList<>();
    JoinStore store;

    /** A store; each call is another replica of the same shared state. */
    abstract JoinStore replica();

    @BeforeEach
    void openFirstReplica() {
        store = newReplica();
    }

    @AfterEach
    void closeReplicas() {
        replicas.forEach(JoinStore::close);
    }

    JoinStore newReplica() {
        JoinStore replica = replica();
        replicas.add(replica);
        return replica;
    }

    @Nested
    class Completion {

        @Test
        void completesOnTheArrivalAfterWhichEverythingExpectedIsThere() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, true, List.of("calculator-1"), inAMinute())).opened();

            // when
            Optional<Join> afterIntent = store.arrive(message.correlationId(), intent(message));
            Optional<Join> afterTool = store.arrive(message.correlationId(), toolResult(message, "calculator-1"));
            JanusEvent context = context(message);
            Optional<Join> afterContext = store.arrive(message.correlationId(), context);

            // then
            assertThat(afterIntent).isEmpty();
            assertThat(afterTool).isEmpty();
            assertThat(afterContext).hasValueSatisfying(join -> {
                assertThat(join.completedBy()).isEqualTo(context.eventId());
                assertThat(join.timedOut()).isFalse();
                LlmRequest request = join.llmRequest("question");
                assertThat(request.intent()).isEqualTo("calculation");
                assertThat(request.missing()).isEmpty();
                assertThat(request.toolResults()).extracting(ToolResult::callId).containsExactly("calculator-1");
                assertThat(request.userMessage()).isEqualTo("what is 17 * 23?");
            });
        }

        @Test
        void needsOnlyTheIntentWhenNoBranchIsExpected() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, false, List.of(), inAMinute())).opened();

            // when
            Optional<Join> completed = store.arrive(message.correlationId(), intent(message));

            // then
            assertThat(completed).hasValueSatisfying(join -> assertThat(join.missing()).isEmpty());
        }

        @Test
        void completesWithoutTheIntentWhenTheResponderDoesNotReadIt() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, true, false, List.of("calculator-1"), inAMinute())).opened();
            store.arrive(message.correlationId(), toolResult(message, "calculator-1"));
            JanusEvent context = context(message);

            // when
            Optional<Join> completed = store.arrive(message.correlationId(), context);
            Optional<Join> lateIntent = store.arrive(message.correlationId(), intent(message));

            // then
            assertThat(completed).hasValueSatisfying(join -> {
                assertThat(join.completedBy()).isEqualTo(context.eventId());
                assertThat(join.expectsIntent()).isFalse();
                assertThat(join.intent()).isNull();
                LlmRequest request = join.llmRequest("question");
                assertThat(request.intent()).isEqualTo("question");
                assertThat(request.missing()).isEmpty();
            });
            assertThat(lateIntent).isEmpty();
            assertThat(store.find(message.correlationId())).hasValueSatisfying(join -> {
                assertThat(join.intent()).isNull();
                assertThat(join.expectsIntent()).isFalse();
            });
        }

        @Test
        void carriesAnIntentItDoesNotWaitForWhenItArrivesFirst() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, true, false, List.of(), inAMinute())).opened();

            // when
            Optional<Join> afterIntent = store.arrive(message.correlationId(), intent(message));
            Optional<Join> afterContext = store.arrive(message.correlationId(), context(message));

            // then
            assertThat(afterIntent).isEmpty();
            assertThat(afterContext).hasValueSatisfying(
                    join -> assertThat(join.llmRequest("question").intent()).isEqualTo("calculation"));
        }

        @Test
        void toleratesARepeatedArrival() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, true, List.of("calculator-1", "calculator-2"), inAMinute())).opened();
            store.arrive(message.correlationId(), intent(message));
            JanusEvent first = toolResult(message, "calculator-1");
            store.arrive(message.correlationId(), first);

            // when
            Optional<Join> repeated = store.arrive(message.correlationId(), first);
            Optional<Join> sameCallAgain = store.arrive(message.correlationId(), toolResult(message, "calculator-1"));

            // then
            assertThat(repeated).isEmpty();
            assertThat(sameCallAgain).isEmpty();
            assertThat(store.find(message.correlationId())).hasValueSatisfying(join -> {
                assertThat(join.toolResults()).containsOnlyKeys("calculator-1");
                assertThat(join.toolResults().get("calculator-1").eventId()).isEqualTo(first.eventId());
                assertThat(join.missing()).containsExactly(Join.MEMORY, Join.TOOLS);
            });
        }

        @Test
        void returnsTheJoinAgainToARepeatOfTheCompletingArrivalOnly() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, true, List.of(), inAMinute())).opened();
            store.arrive(message.correlationId(), intent(message));
            JanusEvent context = context(message);
            store.arrive(message.correlationId(), context);

            // when
            Optional<Join> retried = store.arrive(message.correlationId(), context);
            Optional<Join> another = store.arrive(message.correlationId(), context(message));

            // then
            assertThat(retried).hasValueSatisfying(join -> assertThat(join.completedBy()).isEqualTo(context.eventId()));
            assertThat(another).isEmpty();
        }

        @Test
        void ignoresArrivalsForAnUnknownJoin() {
            // given
            JanusEvent message = message();

            // when
            Optional<Join> completed = store.arrive(message.correlationId(), intent(message));

            // then
            assertThat(completed).isEmpty();
            assertThat(store.find(message.correlationId())).isEmpty();
        }

        @Test
        void opensAJoinOnce() {
            // given
            JanusEvent message = message();
            Join join = Join.open(message, false, List.of(), inAMinute());

            // when
            boolean first = store.open(join).opened();
            boolean second = store.open(join).opened();

            // then
            assertThat(first).isTrue();
            assertThat(second).isFalse();
        }

        @Test
        void keepsTheFinishedJoinWithItsToolResultsForTheReply() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, false, List.of("calculator-1"), inAMinute())).opened();
            store.arrive(message.correlationId(), intent(message));
            store.arrive(message.correlationId(), toolResult(message, "calculator-1"));

            // when
            Optional<Join> kept = store.find(message.correlationId());

            // then
            assertThat(kept).hasValueSatisfying(join -> {
                assertThat(join.isCompleted()).isTrue();
                assertThat(join.results()).extracting(ToolResult::output).containsExactly("17 * 23 = 391");
                assertThat(join.message()).isEqualTo(message);
            });
        }

        @Test
        void recordsOneResponsePerJoin() {
            // given
            JanusEvent message = message();
            store.open(Join.open(message, false, List.of(), inAMinute())).opened();

            // when
            ResponseMark first = store.markResponded(message.correlationId(), "response-1");
            ResponseMark retry = store.markResponded(message.correlationId(), "response-1");
            ResponseMark other = store.markResponded(message.correlationId(), "response-2");
            ResponseMark unknown = store.markResponded("no-such-join", "response-3");

            // then
            assertThat(first.first()).isTrue();
            assertThat(first.join()).extracting(Join::message).isEqualTo(message);
            assertThat(retry.first()).isTrue();
            assertThat(retry.join()).extracting(Join::message).isEqualTo(message);
            assertThat(other).isEqualTo(ResponseMark.ANOTHER_WAS_FIRST);
            assertThat(unknown).isEqualTo(ResponseMark.NO_JOIN);
        }
    }

    @Nested
    class Deadlines {

        @Test
        void completesAJoinWhoseDeadlinePassedWithWhatArrived() {
            // given
            JanusEvent message = message();
            Instant deadline = Instant.now().plusSeconds(30);
            store.open(Join.open(message, true, List.of("calculator-1"), deadline)).opened();
            store.arrive(message.correlationId(), intent(message));
            store.arrive(message.correlationId(), toolResult(message, "calculator-1"));

            // when
            List<Join> before = store.claimExpired(deadline.minusMillis(1), 100);
            List<Join> after = store.claimExpired(deadline, 100);

            // then
            assertThat(ids(before)).doesNotContain(message.correlationId());
            assertThat(after).filteredOn(join -> join.correlationId().equals(message.correlationId()))
                    .singleElement().satisfies(join -> {
                        assertThat(join.timedOut()).isTrue();
                        assertThat(join.missing()).containsExactly(Join.MEMORY);
                        assertThat(join.llmRequest("question").toolResults()).hasSize(1);
                    });
        }

        @Test
        void neverClaimsAJoinThatAnArrivalCompleted() {
            // given
            JanusEvent message = message();
            Instant deadline = Instant.now().plusSeconds(30);
            store.open(Join.open(message, false, List.of(), deadline)).opened();
            store.arrive(message.correlationId(), intent(message));

            // when
            List<Join> claimed = store.claimExpired(deadline.plusSeconds(1), 100);
            Optional<Join> late = store.arrive(message.correlationId(), context(message));

            // then
            assertThat(ids(claimed)).doesNotContain(message.correlationId());
            assertThat(late).isEmpty();
        }

        @Test
        void claimsAJoinAgainWhenItsClaimWasNotSettledWithinTheLease() {
            // given two joins claimed at their deadline, one settled (its request was published), one not (its
            // claimer could not publish, or died)
            JanusEvent settled = message();
            JanusEvent unsettled = message();
            Instant deadline = Instant.now().plusSeconds(30);
            store.open(Join.open(settled, true, List.of(), deadline)).opened();
            store.open(Join.open(unsettled, true, List.of(), deadline)).opened();
            store.arrive(unsettled.correlationId(), intent(unsettled));
            assertThat(ids(store.claimExpired(deadline, 100))).contains(settled.correlationId(),
                    unsettled.correlationId());
            store.settle(settled.correlationId());

            // when
            List<Join> withinTheLease = store.claimExpired(deadline.plus(JoinStore.CLAIM_LEASE).minusMillis(1), 100);
            List<Join> afterIt = store.claimExpired(deadline.plus(JoinStore.CLAIM_LEASE), 100);
            List<Join> afterTheNextLease = store.claimExpired(deadline.plus(JoinStore.CLAIM_LEASE.multipliedBy(2)), 100);

            // then: the unsettled one again, as it was claimed, once per lease
            assertThat(ids(withinTheLease)).doesNotContain(settled.correlationId(), unsettled.correlationId());
            assertThat(afterIt).filteredOn(join -> join.correlationId().equals(unsettled.correlationId()))
                    .singleElement().satisfies(join -> {
                        assertThat(join.timedOut()).isTrue();
                        assertThat(join.intent()).isNotNull();
                    });
            assertThat(ids(afterIt)).doesNotContain(settled.correlationId());
            assertThat(ids(afterTheNextLease)).contains(unsettled.correlationId())
                    .doesNotContain(settled.correlationId());
        }

        @Test
        void ignoresArrivalsAfterTheTimeout() {
            // given
            JanusEvent message = message();
            Instant deadline = Instant.now().plusSeconds(30);
            store.open(Join.open(message, true, List.of(), deadline)).opened();
            store.arrive(message.correlationId(), intent(message));
            store.claimExpired(deadline, 100);

            // when
            Optional<Join> late = store.arrive(message.correlationId(), context(message));

            // then
            assertThat(late).isEmpty();
            assertThat(store.find(message.correlationId())).hasValueSatisfying(join -> {
                assertThat(join.timedOut()).isTrue();
                assertThat(join.context()).isNull();
            });
        }
    }

    @Nested
    class Replicas {

        private static final int JOINS = 100;

        @Test
        void exactlyOneReplicaCompletesAJoinWhoseArrivalsReachDifferentReplicas() throws Exception {
            // given
            JoinStore other = newReplica();
            List<JanusEvent> messages = new ArrayList<>();
            for (int i = 0; i < JOINS; i++) {
                JanusEvent message = message();
                messages.add(message);
                store.open(Join.open(message, true, List.of("calculator-1"), inAMinute())).opened();
            }
            Map<String, List<String>> completions = new ConcurrentHashMap<>();

            // when
            runTogether(
                    () -> messages.forEach(message -> {
                        record(completions, "a", store.arrive(message.correlationId(), intent(message)));
                        record(completions, "a", store.arrive(message.correlationId(), context(message)));
                    }),
                    () -> messages.forEach(message -> record(completions, "b",
                            other.arrive(message.correlationId(), toolResult(message, "calculator-1")))));

            // then
            assertThat(completions).hasSize(JOINS);
            assertThat(completions.values()).allSatisfy(replicas -> assertThat(replicas).hasSize(1));
        }

        @Test
        void exactlyOneReplicaClaimsEachPassedDeadline() throws Exception {
            // given
            JoinStore other = newReplica();
            Instant deadline = Instant.now().plusSeconds(30);
            Set<String> opened = new HashSet<>();
            for (int i = 0; i < JOINS; i++) {
                JanusEvent message = message();
                opened.add(message.correlationId());
                store.open(Join.open(message, true, List.of(), deadline)).opened();
            }
            List<String> claimedByA = Collections.synchronizedList(new ArrayList<>());
            List<String> claimedByB = Collections.synchronizedList(new ArrayList<>());

            // when
            runTogether(() -> claimAll(store, deadline, claimedByA), () -> claimAll(other, deadline, claimedByB));

            // then
            List<String> all = new ArrayList<>(claimedByA);
            all.addAll(claimedByB);
            assertThat(all.stream().filter(opened::contains).toList()).hasSize(JOINS).doesNotHaveDuplicates();
        }

        private void claimAll(JoinStore replica, Instant now, List<String> claimed) {
            List<Join> batch;
            do {
                batch = replica.claimExpired(now, 7);
                claimed.addAll(ids(batch));
            }
            while (!batch.isEmpty());
        }

        private void record(Map<String, List<String>> completions, String replica, Optional<Join> completed) {
            completed.ifPresent(join -> completions.computeIfAbsent(join.correlationId(),
                    id -> Collections.synchronizedList(new ArrayList<>())).add(replica));
        }

        private void runTogether(Runnable first, Runnable second) throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                Future<?> a = threads.submit(() -> {
                    start.await();
                    first.run();
                    return null;
                });
                Future<?> b = threads.submit(() -> {
                    start.await();
                    second.run();
                    return null;
                });
                start.countDown();
                a.get(30, TimeUnit.SECONDS);
                b.get(30, TimeUnit.SECONDS);
            }
            finally {
                threads.shutdownNow();
            }
        }
    }

    static List<String> ids(List<Join> joins) {
        return joins.stream().map(Join::correlationId).collect(Collectors.toList());
    }

    static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    static JanusEvent message() {
        return EventFixtures.textMessage("stream-1", "what is 17 * 23?");
    }

    static JanusEvent intent(JanusEvent message) {
        return message.reply(EventKeys.ORCHESTRATOR_INTENT_CLASSIFIED,
                new ClassifiedIntent("calculation", 0.9, List.of("calculator")), "janus-orchestrator");
    }

    static JanusEvent context(JanusEvent message) {
        return message.reply(EventKeys.MEMORY_CONTEXT_ASSEMBLED, AssembledContext.empty(), "janus-memory");
    }

    static JanusEvent toolResult(JanusEvent message, String callId) {
        return message.reply(EventKeys.TOOLS_EXECUTION_COMPLETED,
                new ToolResult(callId, "calculator", "17 * 23 = 391", null, 2), "janus-tools");
    }
}
