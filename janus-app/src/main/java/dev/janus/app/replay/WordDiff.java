package dev.janus.app.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A word-level diff of two texts (longest common subsequence of whitespace-separated words). */
public final class WordDiff {

    /** The longest texts diffed word by word; longer ones are shown as one removal and one insertion. */
    static final int MAX_WORDS = 2_000;

    private WordDiff() {
    }

    /** The spans that turn {@code before} into {@code after}: kept ({@code =}), removed ({@code -}), added ({@code +}). */
    public static List<Span> of(@Nullable String before, @Nullable String after) {
        String[] left = words(before);
        String[] right = words(after);
        List<Span> spans = new ArrayList<>();
        if (left.length > MAX_WORDS || right.length > MAX_WORDS) {
            add(spans, "-", String.join(" ", left));
            add(spans, "+", String.join(" ", right));
            return spans;
        }
        int[][] common = new int[left.length + 1][right.length + 1];
        for (int i = left.length - 1; i >= 0; i--) {
            for (int j = right.length - 1; j >= 0; j--) {
                common[i][j] = left[i].equals(right[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < left.length || j < right.length) {
            if (i < left.length && j < right.length && left[i].equals(right[j])) {
                add(spans, "=", left[i++]);
                j++;
            }
            else if (j < right.length && (i == left.length || common[i][j + 1] >= common[i + 1][j])) {
                add(spans, "+", right[j++]);
            }
            else {
                add(spans, "-", left[i++]);
            }
        }
        return spans;
    }

    private static String[] words(@Nullable String text) {
        return text == null || text.isBlank() ? new String[0]
                : Arrays.stream(text.strip().split("\\s+")).toArray(String[]::new);
    }

    /** Adds a word to the last span when it has the same operation. */
    private static void add(List<Span> spans, String op, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!spans.isEmpty() && spans.get(spans.size() - 1).op().equals(op)) {
            Span last = spans.remove(spans.size() - 1);
            spans.add(new Span(op, last.text() + " " + text));
        }
        else {
            spans.add(new Span(op, text));
        }
    }

    /**
     * Consecutive words with one operation.
     *
     * @param op {@code =} kept, {@code -} only in the recording, {@code +} only in the replay
     * @param text the words
     */
    public record Span(String op, String text) {
    }
}
