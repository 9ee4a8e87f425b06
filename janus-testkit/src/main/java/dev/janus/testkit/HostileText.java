package dev.janus.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile text for the linear-time tests of text rules: texts of {@value #LENGTH} characters (the longest
 * message) made of whitespace runs, a rule set's keywords repeated, near-misses of those keywords, and runs of
 * digits and punctuation — the inputs on which a backtracking regular expression takes quadratic or exponential
 * time ("what time is it in a", 3,000 spaces, "1" took a backtracking planner minutes). A rule that runs in time
 * linear in its input answers each in milliseconds; {@link #PER_CALL_BOUND} is far above that and far below what
 * catastrophic backtracking takes, so it fails only on runaway work, not on a slow machine.
 */
public final class HostileText {

    /** The length of every generated text. */
    public static final int LENGTH = 16_000;

    /** How long one rule may take on one text: generous for a loaded CI machine, far below what backtracking takes. */
    public static final Duration PER_CALL_BOUND = Duration.ofSeconds(10);

    private static final List<String> NOISE = List.of("1", "12", "2.5", "-3", "(", ")", ".", "?", "!", "*", "_", "`",
            "[", "](", "'", ":", "#", "%", ",", "x", "a", "é", "°", "\u00a0", "-", "/", ">");

    private HostileText() {
    }

    /**
     * Texts of exactly {@value #LENGTH} characters built from {@code keywords} (what the rule set looks for:
     * trigger words, units, markers): a list of pieces — whitespace runs of up to 4,000 characters, a keyword
     * repeated up to 300 times, a near-miss of a keyword, a run of one digit or punctuation mark — repeated in
     * order until the length is reached.
     */
    public static Arbitrary<String> texts(String... keywords) {
        if (keywords.length == 0) {
            throw new IllegalArgumentException("name at least one keyword of the rule set");
        }
        Arbitrary<String> words = Arbitraries.of(keywords);
        Arbitrary<String> whitespace = Combinators.combine(Arbitraries.of(" ", "\t", "\n", "\r\n", " \t", "  \n"),
                Arbitraries.integers().between(1, 4_000)).as(String::repeat);
        Arbitrary<String> repeated = Combinators.combine(words, Arbitraries.of("", " ", "  ", "\n", ", ", "-", "."),
                Arbitraries.integers().between(1, 300)).as((word, separator, times) -> (word + separator).repeat(times));
        Arbitrary<String> nearMisses = Combinators.combine(words, Arbitraries.integers().between(0, 6))
                .as(HostileText::nearMiss);
        Arbitrary<String> noise = Combinators.combine(Arbitraries.of(NOISE), Arbitraries.integers().between(1, 500))
                .as(String::repeat);
        Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(3, whitespace), Tuple.of(3, repeated),
                Tuple.of(2, nearMisses), Tuple.of(2, noise));
        return piece.list().ofMinSize(1).ofMaxSize(40).map(HostileText::fill);
    }

    /** A keyword almost written: cut short, its first letter lost, a letter changed or doubled, shouted. */
    private static String nearMiss(String keyword, int kind) {
        int middle = keyword.length() / 2;
        return switch (kind) {
            case 0 -> keyword.substring(0, Math.max(0, keyword.length() - 1));
            case 1 -> keyword.substring(Math.min(1, keyword.length()));
            case 2 -> keyword.isEmpty() ? "q" : keyword.substring(0, middle) + "q" + keyword.substring(middle + 1);
            case 3 -> keyword.isEmpty() ? "" : keyword.substring(0, middle + 1) + keyword.substring(middle);
            case 4 -> keyword.toUpperCase(Locale.ROOT);
            case 5 -> keyword + "1";
            default -> keyword + "?";
        };
    }

    private static String fill(List<String> pieces) {
        List<String> nonEmpty = pieces.stream().filter(piece -> !piece.isEmpty()).toList();
        List<String> cycle = nonEmpty.isEmpty() ? List.of(" ") : nonEmpty;
        StringBuilder text = new StringBuilder(LENGTH + 4_000);
        for (int i = 0; text.length() < LENGTH; i++) {
            text.append(cycle.get(i % cycle.size()));
        }
        return text.substring(0, LENGTH);
    }
}
