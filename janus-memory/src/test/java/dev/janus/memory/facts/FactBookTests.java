package dev.janus.memory.facts;

import java.time.Instant;
import java.util.List;

import dev.janus.events.ConflictDetected;
import dev.janus.events.Fact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FactBookTests {

    private static final Instant AT = Instant.parse("2026-03-14T09:00:00Z");

    private final FactBook book = new FactBook(new InMemoryFactStore());

    @Test
    void aContradictingFactSupersedesTheOlderOneWhichStaysAsHistory() {
        // given
        book.learn("ada", List.of(new ExtractedFact("location", "Berlin")), "e-1", AT);

        // when
        FactBook.Learned learned = book.learn("ada", List.of(new ExtractedFact("location", "Munich")), "e-2",
                AT.plusSeconds(60));

        // then
        assertThat(learned.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.existing().value()).isEqualTo("Berlin");
            assertThat(conflict.existing().provenance()).containsExactly("e-1");
            assertThat(conflict.incoming().value()).isEqualTo("Munich");
            assertThat(conflict.incoming().provenance()).containsExactly("e-2");
        });
        assertThat(book.current("ada")).extracting(Fact::value).containsExactly("Munich");
        assertThat(book.all("ada")).hasSize(2).filteredOn(stored -> !stored.isCurrent()).singleElement()
                .satisfies(old -> assertThat(old.fact().value()).isEqualTo("Berlin"));
    }

    @Test
    void theSameValueAgainAndMultiValuedAttributesAreNoConflict() {
        // given
        book.learn("ada", List.of(new ExtractedFact("name", "Ada"), new ExtractedFact("likes", "tea")), "e-1", AT);

        // when
        FactBook.Learned learned = book.learn("ada", List.of(new ExtractedFact("name", "ada"),
                new ExtractedFact("likes", "jazz")), "e-2", AT.plusSeconds(1));

        // then
        assertThat(learned.conflicts()).isEmpty();
        assertThat(book.current("ada")).extracting(Fact::value).containsExactlyInAnyOrder("ada", "tea", "jazz");
    }

    @Test
    void aRedeliveredEventStoresNothingNewAndYieldsTheSameConflict() {
        // given
        book.learn("ada", List.of(new ExtractedFact("name", "Ada")), "e-1", AT);
        List<ConflictDetected> first = book.learn("ada", List.of(new ExtractedFact("name", "Bea")), "e-2",
                AT.plusSeconds(1)).conflicts();

        // when
        FactBook.Learned again = book.learn("ada", List.of(new ExtractedFact("name", "Bea")), "e-2", AT.plusSeconds(1));

        // then
        assertThat(again.facts()).extracting(Fact::value).containsExactly("Bea");
        assertThat(again.conflicts()).isEqualTo(first);
        assertThat(book.all("ada")).hasSize(2);
    }

    @Test
    void aLateArrivalOfAnOlderStatementBecomesHistoryAtOnce() {
        // given
        book.learn("ada", List.of(new ExtractedFact("employer", "Globex")), "e-2", AT.plusSeconds(60));

        // when
        FactBook.Learned learned = book.learn("ada", List.of(new ExtractedFact("employer", "Acme")), "e-1", AT);

        // then
        assertThat(learned.conflicts()).hasSize(1);
        assertThat(book.current("ada")).extracting(Fact::value).containsExactly("Globex");
    }

    @Test
    void mergesDuplicatesIntoTheNewestWithEverySourceEvent() {
        // given
        book.learn("ada", List.of(new ExtractedFact("likes", "tea")), "e-1", AT);
        book.learn("ada", List.of(new ExtractedFact("likes", "Tea")), "e-2", AT.plusSeconds(5));
        book.learn("ada", List.of(new ExtractedFact("likes", "jazz")), "e-3", AT.plusSeconds(9));

        // when
        int merged = book.mergeDuplicates("ada");

        // then
        assertThat(merged).isEqualTo(1);
        assertThat(book.all("ada")).hasSize(2);
        assertThat(book.current("ada")).filteredOn(fact -> fact.value().equalsIgnoreCase("tea")).singleElement()
                .satisfies(fact -> assertThat(fact.provenance()).containsExactly("e-1", "e-2"));
        assertThat(book.mergeDuplicates("ada")).isZero();
    }

    @Test
    void removesOneFactAndForgetsAUser() {
        // given
        Fact name = book.learn("ada", List.of(new ExtractedFact("name", "Ada")), "e-1", AT).facts().get(0);
        book.learn("ada", List.of(new ExtractedFact("location", "Paris")), "e-2", AT);

        // when / then
        assertThat(book.remove("ada", name.id())).isPresent();
        assertThat(book.current("ada")).extracting(Fact::attribute).containsExactly("location");
        assertThat(book.forget("ada")).isEqualTo(1);
        assertThat(book.all("ada")).isEmpty();
    }
}
