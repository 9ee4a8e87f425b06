package dev.janus.memory.facts;

import java.time.Duration;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The fact rules on hostile input: 16,000-character messages (the longest allowed) made of whitespace runs, the
 * phrases the rules look for repeated, and near-matches of them, each extracted within a bound (10 s, generous for a loaded CI machine) that only
 * super-linear matching could exceed. The backtracking conjunction pattern this replaced took 14 s on 1,600 spaces.
 */
class RuleBasedFactExtractorHostileInputTests {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int LENGTH = 16_000;
    private static final String[] KEYWORDS = { "my name is ", "I live in ", " and ", ", ", " but I ", " also my ",
            "call me ", "my ", " is ", " is called ", "'s name is ", "I work at ", " as ", "I'm ", "remember that ",
            "Dr. ", "J. ", "now ", " too", ", thanks", ".", "?", "I like ", "I'd like ", "to swimming ", "\"" };
    private static final String[] NEAR = { "my nam is", "I liv in", "andd", "butt", "calll me", "myy", "iss",
            "I wrk at", "rememberr", "Dr", "J.M.W", "St.Louis" };

    private final RuleBasedFactExtractor extractor = new RuleBasedFactExtractor();

    @Property(tries = 40)
    void extractsInLinearTime(@ForAll("hostile") String text) {
        assertTimeoutPreemptively(BOUND, () -> assertThat(extractor.extract(text)).isNotNull());
    }

    @Example
    void survivesTheWhitespaceRunsThatMadeTheOldConjunctionPatternBacktrack() {
        for (String text : new String[] { "My name is Ada" + " ".repeat(1_600) + "x", "I like tea," + " ".repeat(
                LENGTH - 20) + "and", " ".repeat(LENGTH), "my " + " ".repeat(LENGTH - 10) + " is" }) {
            assertTimeoutPreemptively(BOUND, () -> assertThat(extractor.extract(text)).isNotNull());
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.randomValue(RuleBasedFactExtractorHostileInputTests::hostileText);
    }

    /** Whitespace runs, repeated phrases and near-matches, in random order, cut to 16,000 characters. */
    static String hostileText(Random random) {
        StringBuilder text = new StringBuilder(LENGTH + 4_000);
        while (text.length() < LENGTH) {
            switch (random.nextInt(3)) {
                case 0 -> text.append(random.nextBoolean() ? " \t" : "\n ").append(" ".repeat(random.nextInt(4_000)));
                case 1 -> text.append(KEYWORDS[random.nextInt(KEYWORDS.length)].repeat(1 + random.nextInt(400)));
                default -> text.append(NEAR[random.nextInt(NEAR.length)].repeat(1 + random.nextInt(400)));
            }
        }
        return text.substring(0, LENGTH);
    }
}
