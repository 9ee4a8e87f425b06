package dev.janus.memory.patterns;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The detector's text rules: what a question is, and which words are topics. */
class PatternDetectorTests {

    @Example
    void knowsAQuestionByItsFirstWordOrItsQuestionMark() {
        assertThat(PatternDetector.isQuestion("What's the weather")).isTrue();
        assertThat(PatternDetector.isQuestion("how do I reset it")).isTrue();
        assertThat(PatternDetector.isQuestion("Is it late")).isTrue();
        assertThat(PatternDetector.isQuestion("the train leaves when? \n ")).isTrue();
        assertThat(PatternDetector.isQuestion("whatever you say")).isFalse();
        assertThat(PatternDetector.isQuestion("Island trip booked")).isFalse();
        // a word boundary is one of Unicode words, not only of ASCII ones
        assertThat(PatternDetector.isQuestion("doña Maria called")).isFalse();
        assertThat(PatternDetector.isQuestion("I like tea")).isFalse();
    }

    @Example
    void findsTopicWordsWithoutStopWordsOrOuterApostrophes() {
        assertThat(PatternDetector.topics("'Gardens' and the tomatoes, again: 'tomato' 2026"))
                .containsExactly("garden", "tomatoe", "tomato");
    }

    @Property(tries = 60)
    void readsAnyLongMessageWithinTheBound(@ForAll("messages") String message) {
        assertTimeoutPreemptively(PER_CALL_BOUND, () -> PatternDetector.isQuestion(message));
        assertThat(assertTimeoutPreemptively(PER_CALL_BOUND, () -> PatternDetector.topics(message))).hasSizeLessThanOrEqualTo(20);
    }

    @Provide
    Arbitrary<String> messages() {
        return HostileText.texts("what", "what's", "how", "is", "do", "?", " ", "'", "''", "garden", "tomatoes", "doña");
    }
}
