package dev.janus.events.vocabulary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTests {

    @Test
    void splitsIntoLowerCaseWordsKeepingInnerApostrophes() {
        assertThat(Words.of("What’s my cat's name? Don't-care, 555-0199!"))
                .containsExactly("what's", "my", "cat's", "name", "don't", "care", "555", "0199");
    }

    @Test
    void stemsEndingsAndIrregularFormsAlike() {
        assertThat(Words.stem("lives")).isEqualTo(Words.stem("living")).isEqualTo(Words.stem("lived"))
                .isEqualTo(Words.stem("live"));
        assertThat(Words.stem("named")).isEqualTo(Words.stem("name"));
        assertThat(Words.stem("parked")).isEqualTo(Words.stem("parking")).isEqualTo("park");
        assertThat(Words.stem("left")).isEqualTo(Words.stem("leave"));
        assertThat(Words.stem("cat's")).isEqualTo(Words.stem("cats")).isEqualTo("cat");
    }

    @Test
    void countsWhitespaceSeparatedWords() {
        assertThat(Words.count("  17 *\t23 =\n391 ")).isEqualTo(5);
        assertThat(Words.count("   ")).isZero();
    }
}
