package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.janus.events.AssembledContext;
import dev.janus.events.Fact;
import dev.janus.events.LlmRequest;
import dev.janus.events.RecalledItem;
import dev.janus.events.Turn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The offline responder's text rules on hostile input: a 16,000-character message (the longest allowed) and recalled
 * items, turns and facts of the same make — whitespace runs, the words its rules look for repeated, near-matches of
 * them — each answered within a bound (10 s, generous for a loaded CI machine) that only super-linear work could exceed.
 */
class OfflineResponderHostileInputTests {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int LENGTH = 16_000;
    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    private static final String[] KEYWORDS = { "what ", "did i say ", "my ", "'s name ", "which ", "my brother ",
            "remember that ", "can you ", "?", ".", "GP ", "live ", "for a living ", "kitten ", "named ", "don't like ",
            "Dr. ", "J. ", "who am i ", "how old ", "where ", "from " };
    private static final String[] NEAR = { "whatt", "mmy", "remembe", "brothe", "'ss", "livve", "?.?", "namd", "GPP" };

    private final OfflineResponder responder = new OfflineResponder();

    @Property(tries = 25)
    void answersInLinearTime(@ForAll("hostile") List<String> texts) {
        // given: one message and a context full of texts of the same make
        List<RecalledItem> recalled = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        for (int i = 1; i < texts.size(); i++) {
            recalled.add(new RecalledItem(texts.get(i), "e-" + i, 0.9, RecalledItem.USER, AT, 0.9));
            turns.add(new Turn("user", texts.get(i), "t-" + i, AT));
            facts.add(new Fact("f-" + i, "user-1", texts.get(i).substring(0, 200), texts.get(i).substring(0, 4_000),
                    List.of("e-" + i), AT));
        }
        LlmRequest request = new LlmRequest(texts.get(0), "question", new AssembledContext(turns, facts, recalled),
                List.of(), List.of());

        // then
        assertTimeoutPreemptively(BOUND, () -> assertThat(
                OfflineResponderTests.respond(responder, request, "stream-1").text()).isNotBlank());
    }

    @Provide
    Arbitrary<List<String>> hostile() {
        return Arbitraries.randomValue(random -> {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                texts.add(hostileText(random));
            }
            return texts;
        });
    }

    /** Whitespace runs, repeated keywords and near-matches, in random order, cut to 16,000 characters. */
    static String hostileText(Random random) {
        StringBuilder text = new StringBuilder(LENGTH + 4_000);
        while (text.length() < LENGTH) {
            switch (random.nextInt(3)) {
                case 0 -> text.append(random.nextBoolean() ? "x \t" : "y\n ").append(" ".repeat(random.nextInt(4_000)));
                case 1 -> text.append(KEYWORDS[random.nextInt(KEYWORDS.length)].repeat(1 + random.nextInt(400)));
                default -> text.append(NEAR[random.nextInt(NEAR.length)].repeat(1 + random.nextInt(400)));
            }
        }
        return text.substring(0, LENGTH);
    }
}
