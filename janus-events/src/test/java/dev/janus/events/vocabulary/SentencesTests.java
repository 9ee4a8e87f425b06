package dev.janus.events.vocabulary;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTests {

    @Test
    void keepsTitlesInitialsAndAbbreviationsInsideTheirSentence() {
        assertThat(Sentences.of("My dentist is called Dr. Okafor. My favourite painter is J. M. W. Turner. "
                + "I live in St. Louis."))
                .containsExactly("My dentist is called Dr. Okafor.", "My favourite painter is J. M. W. Turner.",
                        "I live in St. Louis.");
    }

    @Test
    void endsASentenceAtAnAbbreviationWhenTheNextWordOpensOne() {
        assertThat(Sentences.of("I live on Main St. I moved there in May. I work at Acme Inc. and I like it."))
                .containsExactly("I live on Main St.", "I moved there in May.", "I work at Acme Inc. and I like it.");
    }

    @Test
    void splitsAtQuestionMarksExclamationsSemicolonsAndLineBreaks() {
        assertThat(Sentences.of("Hi! Where do I live?! I forget; sorry\nthanks"))
                .containsExactly("Hi!", "Where do I live?!", "I forget;", "sorry", "thanks");
    }

    @Test
    void keepsNumbersAndDottedAbbreviationsWhole() {
        assertThat(Sentences.of("It costs 3.50 e.g. for one. I live in Washington D.C."))
                .containsExactly("It costs 3.50 e.g. for one.", "I live in Washington D.C.");
    }

    @Test
    void findsNoSentenceInBlankOrPunctuationOnlyText() {
        assertThat(Sentences.of("  ... ?! ")).isEqualTo(List.of());
    }
}
