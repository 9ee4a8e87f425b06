package dev.janus.events.vocabulary;

import java.time.Duration;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The vocabulary's text rules on hostile input: 16,000-character texts (the longest message) made of whitespace runs,
 * the words the rules look for repeated, and near-matches of them, each processed within a bound (10 s, generous for a loaded CI machine) that only
 * super-linear work could exceed.
 */
class VocabularyHostileInputTests {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int LENGTH = 16_000;
    private static final String[] KEYWORDS = { "remember that ", "can you ", "Dr. ", "J. ", "St. ", "D.C. ", "my ",
            "'s name ", "what ", "?", ".", " . ", "I ", "don't forget ", "keep in mind ", "tell me ",
            "i'd like you to ",
            "living ", "a.b.c.", "...", "\u2019", "'", "e.g.", "Inc. I " };
    private static final String[] NEAR = { "remembr", "Dr", "St.Louis", "J.M.W", "whaat", "can yo", "my'", "''s",
            "?.?.", "D.C", "rememberthat" };

    @Property(tries = 40)
    void cutsSentencesTypesAndWordsInLinearTime(@ForAll("hostile") String text) {
        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(Sentences.of(text)).isNotNull();
            assertThat(SentenceType.of(text)).isNotNull();
            assertThat(SentenceType.asksToRemember(text)).isNotNull();
            assertThat(Words.of(text)).isNotNull();
            assertThat(Words.count(text)).isNotNegative();
            assertThat(FactVocabulary.askedBy(Words.of(text))).isNotNull();
            assertThat(FactVocabulary.canonical(text)).isNotNull();
        });
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.randomValue(VocabularyHostileInputTests::hostileText);
    }

    /** Whitespace runs, repeated keywords and near-matches, in random order, cut to 16,000 characters. */
    static String hostileText(Random random) {
        StringBuilder text = new StringBuilder(LENGTH + 4_000);
        while (text.length() < LENGTH) {
            switch (random.nextInt(3)) {
                case 0 -> text.append(" \t\n".charAt(random.nextInt(3) == 0 ? random.nextInt(3) : 0) + "")
                        .append(" ".repeat(random.nextInt(4_000)));
                case 1 -> text.append(KEYWORDS[random.nextInt(KEYWORDS.length)].repeat(1 + random.nextInt(400)));
                default -> text.append(NEAR[random.nextInt(NEAR.length)].repeat(1 + random.nextInt(400)));
            }
        }
        return text.substring(0, LENGTH);
    }
}
