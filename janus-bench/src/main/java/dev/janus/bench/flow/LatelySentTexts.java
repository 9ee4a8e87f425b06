package dev.janus.bench.flow;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.janus.models.embedding.RecentEmbeddings;

/**
 * The texts sent to one running application that its classifier still keeps embedded ({@link RecentEmbeddings}: the
 * last {@value RecentEmbeddings#CAPACITY} distinct texts, none longer than {@value RecentEmbeddings#MAX_TEXT_CHARS}
 * characters), followed in the order they are sent, so that the bench can tell the turns that embedded their message
 * from those that found it embedded already. Not thread-safe.
 */
final class LatelySentTexts {

    private final Map<String, Boolean> texts = new LinkedHashMap<>(RecentEmbeddings.CAPACITY * 4 / 3 + 1, 0.75f,
            true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RecentEmbeddings.CAPACITY;
        }
    };

    /** Records that {@code text} is sent; whether it was sent lately, so that its embedding is kept. */
    boolean send(String text) {
        if (text.length() > RecentEmbeddings.MAX_TEXT_CHARS) {
            return false;
        }
        return texts.put(text, Boolean.TRUE) != null;
    }
}
