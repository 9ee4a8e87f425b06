package dev.janus.proactive;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every detector's text rules at once (the repeated question's normalisation and question words, and whatever the
 * others read): a hostile message is watched in time linear in its length.
 */
class ProactiveHostileTextTests {

    private static final ProactiveScenario scenario = new ProactiveScenario(ProactiveProperties.defaults());

    @AfterContainer
    static void close() {
        scenario.close();
    }

    @Property(tries = 60)
    void watchesAnyLongMessageWithinTheBound(@ForAll("messages") String text) {
        assertTimeoutPreemptively(PER_CALL_BOUND, () -> scenario.receive(scenario.message("s-1", "ana", text)));
    }

    @Provide
    Arbitrary<String> messages() {
        // a message has some text: a blank one never reaches proactive
        return HostileText.texts("what", "whats", "is", "do", "how", "?", "??", " ", "-", "Wi-Fi", "password", "doña")
                .filter(text -> !text.isBlank());
    }
}
