package dev.janus.memory.consolidation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.memory.history.HistoryEntry;

/**
 * An extractive summary of turns: no model writes anything; it picks the sentences (of the users' turns and tool
 * results) whose content words recur most across the turns, keeps them in their order, and says how many turns of
 * which period they stand for. Stateless; linear in the length of the turns (RE2/J patterns, no backtracking).
 */
public final class ExtractiveSummary {

    static final int MAX_SENTENCES = 6;
    static final int MAX_SENTENCE_CHARS = 240;
    /** The whitespace after a sentence's closing mark. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "but", "is", "are", "was",
            "were", "be", "to", "of", "in", "on", "at", "for", "with", "it", "this", "that", "i", "you", "me", "my",
            "your", "we", "our", "do", "does", "did", "what", "how", "can", "have", "has", "not", "so", "just");

    private ExtractiveSummary() {
    }

    /** The summary text of {@code turns}, oldest first. */
    public static String of(List<HistoryEntry> turns) {
        List<Sentence> sentences = new ArrayList<>();
        Map<String, Integer> frequency = new HashMap<>();
        for (HistoryEntry turn : turns) {
            if (!HistoryEntry.USER.equals(turn.role()) && !HistoryEntry.TOOL.equals(turn.role())
                    && !HistoryEntry.SUMMARY.equals(turn.role())) {
                continue;
            }
            for (String text : sentences(turn.text().strip())) {
                if (text.isBlank()) {
                    continue;
                }
                List<String> words = contentWords(text);
                words.stream().distinct().forEach(word -> frequency.merge(word, 1, Integer::sum));
                sentences.add(new Sentence(sentences.size(), text.strip(), words));
            }
        }
        List<Sentence> chosen = new ArrayList<>(sentences);
        chosen.sort(Comparator.comparingDouble((Sentence s) -> -s.weight(frequency)).thenComparingInt(Sentence::order));
        chosen = new ArrayList<>(chosen.subList(0, Math.min(MAX_SENTENCES, chosen.size())));
        chosen.sort(Comparator.comparingInt(Sentence::order));
        Instant from = turns.get(0).at();
        Instant to = turns.get(turns.size() - 1).at();
        StringBuilder summary = new StringBuilder("Extractive summary of ").append(turns.size()).append(" turns from ")
                .append(from).append(" to ").append(to).append(':');
        for (Sentence sentence : chosen) {
            String text = sentence.text().length() > MAX_SENTENCE_CHARS
                    ? sentence.text().substring(0, MAX_SENTENCE_CHARS) + "…" : sentence.text();
            summary.append(" • ").append(text);
        }
        return summary.toString();
    }

    /** The text cut after each {@code . ! ?} that whitespace follows; the mark stays with its sentence. */
    static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(text);
        int from = 0;
        while (end.find()) {
            sentences.add(text.substring(from, end.start() + 1));
            from = end.end();
        }
        sentences.add(text.substring(from));
        return sentences;
    }

    private static List<String> contentWords(String text) {
        return Arrays.stream(NON_WORD.split(text.toLowerCase(Locale.ROOT)))
                .filter(word -> word.length() > 2 && !STOP_WORDS.contains(word)).toList();
    }

    private record Sentence(int order, String text, List<String> words) {

        /** Mean frequency of its content words, so long sentences do not win by length alone. */
        double weight(Map<String, Integer> frequency) {
            if (words.isEmpty()) {
                return 0;
            }
            return words.stream().mapToInt(word -> frequency.getOrDefault(word, 0)).sum() / (double) words.size()
                    + Math.min(words.size(), 8) * 0.05;
        }
    }
}
