package dev.janus.memory.consolidation;

import java.time.Instant;
import java.util.List;

import dev.janus.memory.history.HistoryEntry;
import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ExtractiveSummaryTests {

    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    private static HistoryEntry turn(String role, String text, int n) {
        return HistoryEntry.of("s1", "u1", role, text, "e" + n, AT.plusSeconds(n));
    }

    @Example
    void cutsSentencesAfterTheirClosingMarkOnly() {
        assertThat(ExtractiveSummary.sentences("It costs 3.50 euros. Really?! Yes.Fine"))
                .containsExactly("It costs 3.50 euros.", "Really?!", "Yes.Fine");
    }

    @Example
    void keepsTheSentencesWhoseWordsRecur() {
        // given
        List<HistoryEntry> turns = List.of(turn(HistoryEntry.USER, "My garden has tomatoes. The weather is grey.", 1),
                turn(HistoryEntry.ASSISTANT, "Tomatoes like sun.", 2),
                turn(HistoryEntry.USER, "The tomatoes in my garden need water.", 3));

        // when
        String summary = ExtractiveSummary.of(turns);

        // then: assistant turns are not summarised; every user sentence fits in the six kept
        assertThat(summary).startsWith("Extractive summary of 3 turns from 2026-01-05T10:00:01Z to 2026-01-05T10:00:03Z:")
                .contains(" • My garden has tomatoes. • The weather is grey. • The tomatoes in my garden need water.")
                .doesNotContain("like sun");
    }

    @Property(tries = 40)
    void summarisesAnyLongTurnWithinTheBound(@ForAll("turns") String text) {
        List<HistoryEntry> turns = List.of(turn(HistoryEntry.USER, text, 1), turn(HistoryEntry.TOOL, text, 2));
        String summary = assertTimeoutPreemptively(PER_CALL_BOUND, () -> ExtractiveSummary.of(turns));
        assertThat(summary).startsWith("Extractive summary of 2 turns");
    }

    @Provide
    Arbitrary<String> turns() {
        return HostileText.texts(".", "!", "?", " ", "\n", "garden", "tomatoes", "the", "3.50", "Yes.Fine", "?!");
    }
}
