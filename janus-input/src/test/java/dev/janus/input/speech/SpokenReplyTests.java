package dev.janus.input.speech;

import java.util.ArrayList;
import java.util.List;

import dev.janus.input.audio.WavFile;
import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SpokenReplyTests {

    /** One sample per character at 1 kHz: 1 ms of speech per character. */
    private static final class CountingSynthesizer implements SpeechSynthesizer {

        final List<String> spoken = new ArrayList<>();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public WavFile synthesize(String text) {
            spoken.add(text);
            return new WavFile(new short[text.length()], 1_000);
        }
    }

    @Example
    void speaksSentenceBySentenceKeepingEachClosingMark() {
        // given
        CountingSynthesizer synthesizer = new CountingSynthesizer();

        // when
        SpokenReply reply = SpokenReply.synthesize(synthesizer,
                "It is **17:30** in Tokyo. Want more?  Yes: here\n\n- one\n- two;  three!", 10_000);

        // then
        assertThat(synthesizer.spoken).containsExactly("It is 17:30 in Tokyo.", "Want more?", "Yes:", "here", "- one",
                "- two;", "three!");
        assertThat(reply.text()).isEqualTo("It is 17:30 in Tokyo. Want more? Yes: here - one - two; three!");
    }

    @Example
    void keepsMarksThatNoSpaceFollowsInsideTheSentence() {
        assertThat(SpokenReply.sentences("It costs 3.50 now.Really? Yes")).containsExactly("It costs 3.50 now.Really?",
                "Yes");
    }

    @Example
    void knowsWhatWasHeardAfterAnInterruption() {
        // given: 8 ms and 4 ms of speech
        SpokenReply reply = SpokenReply.synthesize(new CountingSynthesizer(), "One two.\nAha.", 100);

        // when / then: half the words of a sentence half played, whole sentences once played
        assertThat(reply.deliveredText(4)).isEqualTo("One");
        assertThat(reply.deliveredText(8)).isEqualTo("One two.");
        assertThat(reply.deliveredText(12)).isEqualTo("One two. Aha.");
    }

    @Property(tries = 60)
    void cutsAnyLongReplyIntoSentencesWithinTheBound(@ForAll("replies") String reply) {
        List<String> sentences = assertTimeoutPreemptively(PER_CALL_BOUND, () -> SpokenReply.sentences(reply));
        assertThat(String.join("", sentences).length()).isLessThanOrEqualTo(reply.length());
        SpokenReply spoken = assertTimeoutPreemptively(PER_CALL_BOUND,
                () -> SpokenReply.synthesize(new CountingSynthesizer(), reply, HostileText.LENGTH));
        assertTimeoutPreemptively(PER_CALL_BOUND, () -> spoken.deliveredText(spoken.durationMs() / 2));
    }

    @Provide
    Arbitrary<String> replies() {
        return HostileText.texts("Sentence", ".", "!", "?", ";", ":", "\n", " ", "**bold**", "`code`", "[link]",
                "# heading", "> quote", "|", "_", "word");
    }
}
