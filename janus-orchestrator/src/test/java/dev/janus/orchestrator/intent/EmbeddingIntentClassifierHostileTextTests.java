package dev.janus.orchestrator.intent;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The classifier's one text rule, numbers masked before embedding, on hostile text. */
class EmbeddingIntentClassifierHostileTextTests {

    @Example
    void writesEveryNumberAsOneDigit() {
        assertThat(EmbeddingIntentClassifier.masked("what is 1,234.5 * 23 or 3.14.15?")).isEqualTo("what is 7 * 7 or 7?");
    }

    @Property(tries = 60)
    void masksAnyLongMessageWithinTheBound(@ForAll("messages") String message) {
        String masked = assertTimeoutPreemptively(PER_CALL_BOUND, () -> EmbeddingIntentClassifier.masked(message));
        assertThat(masked.length()).isLessThanOrEqualTo(message.length());
    }

    @Provide
    Arbitrary<String> messages() {
        return HostileText.texts("1", "23", "1,000", "3.14", ".", ",", "1.", ",2", " ");
    }
}
