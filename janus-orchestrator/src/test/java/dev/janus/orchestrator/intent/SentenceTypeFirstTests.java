package dev.janus.orchestrator.intent;

import java.util.List;

import dev.janus.events.ClassifiedIntent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceTypeFirstTests {

    /** A classifier that takes every message for something to remember, as statement-like wording can make it. */
    private final SentenceTypeFirst classifier = new SentenceTypeFirst(
            text -> new ClassifiedIntent("remember", 0.7, List.of()), "question", List.of());

    @Test
    void aQuestionIsNeverSomethingToRemember() {
        // when
        ClassifiedIntent intent = classifier.classify("Which town does my brother live in?");

        // then
        assertThat(intent.intent()).isEqualTo("question");
        assertThat(intent.confidence()).isEqualTo(0.7);
    }

    @Test
    void aCommandToRememberIsRememberWhatItResembles() {
        // given
        SentenceTypeFirst calculating = new SentenceTypeFirst(
                text -> new ClassifiedIntent("calculation", 0.9, List.of("calculator")), "question", List.of());

        // when
        ClassifiedIntent intent = calculating.classify("Can you remember that my locker number is 42?");

        // then
        assertThat(intent).isEqualTo(new ClassifiedIntent("remember", 1.0, List.of()));
    }

    @Test
    void aStatementKeepsTheIntentItWasGiven() {
        assertThat(classifier.classify("My dentist is called Dr. Okafor.").intent()).isEqualTo("remember");
    }
}
