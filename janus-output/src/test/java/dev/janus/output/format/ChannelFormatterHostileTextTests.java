package dev.janus.output.format;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The voice channel's markdown rules on hostile replies: linear time, and the same text as before. */
class ChannelFormatterHostileTextTests {

    @Example
    void removesOnlyPairedMarkersPreferringTheLongerOne() {
        assertThat(ChannelFormatter.plainText("2 * 3 * 4 is *really* 24, __bold__, _it_, `x` and **a* but a_b"))
                .isEqualTo("2 * 3 * 4 is really 24, bold, it, x and *a but a_b");
    }

    @Example
    void readsLinesWhateverTheirBreaks() {
        assertThat(ChannelFormatter.plainText("# Title\r\n- one\r- two\u2028three")).isEqualTo("Title. one. two. three");
    }

    @Property(tries = 60)
    void formatsAnyLongReplyWithinTheBound(@ForAll("replies") String reply) {
        String plain = assertTimeoutPreemptively(PER_CALL_BOUND, () -> ChannelFormatter.plainText(reply));
        assertThat(plain.length()).isLessThanOrEqualTo(2 * reply.length());
    }

    @Provide
    Arbitrary<String> replies() {
        return HostileText.texts("**", "__", "*", "_", "`", "```", "```java\n", "[", "](", ")", "[a](b)", "# ", "###### ",
                "- ", "1. ", "\n", "\r\n", "word");
    }
}
