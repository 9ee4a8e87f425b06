package dev.janus.memory.recall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.janus.events.RecalledItem;
import dev.janus.events.vocabulary.SentenceType;
import dev.janus.events.vocabulary.Words;

/**
 * The recalled items a context carries: things the user said or tools did, each once. Left out are the user's own
 * questions (asking "where did I leave my umbrella?" twice must not offer the first ask as a memory), repeats of the
 * message being answered, and second copies of a text (the better-ranked copy stays). Each item carries its role,
 * time and similarity, so that a reader can quote it as what it is ("you told me on …", "a tool answered …").
 */
public final class RecallSelection {

    private RecallSelection() {
    }

    /** At most {@code count} items of {@code ranked} (best first) fit to recall for {@code message}. */
    public static List<RecalledItem> of(List<RecallIndex.Recalled> ranked, String message, int count) {
        Set<String> seen = new HashSet<>();
        seen.add(key(message));
        List<RecalledItem> selected = new ArrayList<>();
        for (RecallIndex.Recalled found : ranked) {
            if (selected.size() == count) {
                break;
            }
            RecallItem item = found.item();
            boolean question = RecalledItem.USER.equals(item.role())
                    && SentenceType.of(item.text()) == SentenceType.QUESTION;
            if (question || !seen.add(key(item.text()))) {
                continue;
            }
            selected.add(new RecalledItem(item.text(), item.sourceEventId(), found.score(), item.role(), item.at(),
                    Math.max(-1.0, Math.min(1.0, found.similarity()))));
        }
        return selected;
    }

    /** The text as compared for duplicates: its lower-case words. */
    private static String key(String text) {
        return String.join(" ", Words.of(text));
    }
}
