package dev.janus.memory.patterns;

import java.util.List;

import dev.janus.memory.patterns.PatternStore.Observation;
import dev.janus.redis.SharedRedis;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Recording pattern evidence, the same in the JVM and on Redis. */
class PatternStoreContractTests {

    abstract static class Contract {

        PatternStore store;

        @Test
        void givesEachObservationsPatternCountInTheirOrder() {
            // when
            List<Integer> counts = store.recordAll("pia", List.of(
                    new Observation("recurring_topic", "invoice", "e1", "e1"),
                    new Observation("recurring_topic", "deploy", "e1", "e1"),
                    new Observation("routine_time", "08", "2026-03-10", "e1")));
            List<Integer> later = store.recordAll("pia", List.of(
                    new Observation("recurring_topic", "invoice", "e2", "e2"),
                    new Observation("routine_time", "08", "2026-03-11", "e2")));

            // then
            assertThat(counts).containsExactly(1, 1, 1);
            assertThat(later).containsExactly(2, 2);
            assertThat(store.evidence("pia", "recurring_topic", "invoice", 10)).containsExactly("e1", "e2");
        }

        @Test
        void countsAFieldRecordedAgainOnce() {
            // given: the second message of a day, then the first message redelivered
            store.recordAll("pia", List.of(new Observation("routine_time", "08", "2026-03-10", "e1")));

            // when
            List<Integer> sameDay = store.recordAll("pia",
                    List.of(new Observation("routine_time", "08", "2026-03-10", "e2")));
            List<Integer> redelivered = store.recordAll("pia",
                    List.of(new Observation("routine_time", "08", "2026-03-10", "e1")));

            // then
            assertThat(sameDay).containsExactly(1);
            assertThat(redelivered).containsExactly(1);
            assertThat(store.evidence("pia", "routine_time", "08", 10)).containsExactly("e1");
        }

        @Test
        void recordsNothingForNoObservation() {
            assertThat(store.recordAll("pia", List.of())).isEmpty();
        }

        @Test
        void forgetsWhatItRecordedOfAUser() {
            // given
            store.recordAll("pia", List.of(new Observation("recurring_topic", "invoice", "e1", "e1")));

            // when
            store.forget("pia");

            // then
            assertThat(store.evidence("pia", "recurring_topic", "invoice", 10)).isEmpty();
        }
    }

    @Nested
    class InTheJvm extends Contract {

        @BeforeEach
        void create() {
            store = new InMemoryPatternStore();
        }
    }

    @Nested
    @ExtendWith(RedisExtension.class)
    class OnRedis extends Contract {

        private SharedRedis redis;

        @BeforeEach
        void connect(RedisEndpoint endpoint) {
            redis = new SharedRedis(TestBusSettings.redis(endpoint.url()).build().redis().connection());
            store = new RedisPatternStore(redis);
            store.forget("pia");
        }

        @AfterEach
        void disconnect() {
            store.forget("pia");
            redis.close();
        }
    }
}
