package dev.janus.memory.recall;

import java.time.Instant;
import java.util.List;

import dev.janus.events.RecalledItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecallSelectionTests {

    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void leavesOutQuestionsRepeatsOfTheMessageAndSecondCopies() {
        // given: best first
        List<RecallIndex.Recalled> ranked = List.of(
                recalled("e-1", "user", "Where did I leave my umbrella?", 0.99),
                recalled("e-2", "user", "where did I leave my umbrella", 0.98),
                recalled("e-3", "user", "I left my umbrella in meeting room 4.", 0.76),
                recalled("e-4", "user", "I left my umbrella in meeting room 4", 0.75),
                recalled("e-5", "tool", "Umbrella sales: 42", 0.5));

        // when
        List<RecalledItem> selected = RecallSelection.of(ranked, "Where did I leave my umbrella?", 10);

        // then
        assertThat(selected).extracting(RecalledItem::sourceEventId).containsExactly("e-3", "e-5");
        assertThat(selected.get(0).role()).isEqualTo(RecalledItem.USER);
        assertThat(selected.get(0).at()).isEqualTo(AT);
        assertThat(selected.get(0).similarity()).isEqualTo(0.76);
        assertThat(selected.get(1).role()).isEqualTo(RecalledItem.TOOL);
    }

    @Test
    void keepsAtMostTheCountAskedFor() {
        // given
        List<RecallIndex.Recalled> ranked = List.of(recalled("e-1", "user", "I like tea.", 0.9),
                recalled("e-2", "user", "I like jazz.", 0.8), recalled("e-3", "user", "I like chess.", 0.7));

        // then
        assertThat(RecallSelection.of(ranked, "what do I like?", 2)).hasSize(2);
    }

    private static RecallIndex.Recalled recalled(String eventId, String role, String text, double similarity) {
        return new RecallIndex.Recalled(new RecallItem("item-" + eventId, "ada", "s-1", role, text, eventId, AT),
                similarity, similarity);
    }
}
