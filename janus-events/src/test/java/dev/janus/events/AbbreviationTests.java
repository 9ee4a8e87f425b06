package dev.janus.events;

import static dev.janus.events.Abbreviation.abbreviate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbbreviationTests {

    @Test
    void keepsAValueUpToTheLimit() {
        assertThat(abbreviate("abc", 3)).isEqualTo("abc");
        assertThat(abbreviate("", 3)).isEmpty();
    }

    @Test
    void cutsALongerValueAtTheLimitAndMarksTheCut() {
        assertThat(abbreviate("abcd", 3)).isEqualTo("abc...");
    }

    @Test
    void neverCutsACharacterInHalf() {
        // "ab" then U+1F600 (two chars): a cut after 3 chars would keep half of it
        assertThat(abbreviate("ab\uD83D\uDE00cd", 3)).isEqualTo("ab...");
        assertThat(abbreviate("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\uD83D\uDE00...");
    }

    @Test
    void quotesNothingForAMissingValue() {
        assertThat(abbreviate(null, 3)).isEmpty();
    }
}
