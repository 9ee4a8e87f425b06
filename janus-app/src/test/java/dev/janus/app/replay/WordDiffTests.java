package dev.janus.app.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordDiffTests {

    @Test
    void keepsCommonWordsAndMarksRemovedAndAddedOnes() {
        assertThat(WordDiff.of("Your name is Zoe Quinn.", "Your name is Ada.")).containsExactly(
                new WordDiff.Span("=", "Your name is"), new WordDiff.Span("+", "Ada."),
                new WordDiff.Span("-", "Zoe Quinn."));
    }

    @Test
    void anAbsentTextIsAllAddedOrAllRemoved() {
        assertThat(WordDiff.of(null, "hello there")).containsExactly(new WordDiff.Span("+", "hello there"));
        assertThat(WordDiff.of("hello", null)).containsExactly(new WordDiff.Span("-", "hello"));
    }

    @Test
    void thePageEscapesWhatUsersWrote() {
        assertThat(ReplayReportPage.escape("<script>alert('x')</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }
}
