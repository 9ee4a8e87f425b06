package dev.janus.models.embedding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The unit vectors of the texts embedded lately, so that a text seen again (a greeting, a thanks, a question asked
 * twice) costs no second embedding: at most {@value #CAPACITY} texts of at most {@value #MAX_TEXT_CHARS} characters
 * (at most ~16 MB of text however long the texts sent), the least recently used forgotten first. Its texts are users'
 * words of any user: {@link #clear} it when a user is erased. The vectors given out are shared; nobody changes them.
 * Thread-safe.
 */
public final class RecentEmbeddings {

    /** How many texts it keeps. */
    public static final int CAPACITY = 2_048;

    /** The longest text it keeps; longer texts are embedded each time. */
    public static final int MAX_TEXT_CHARS = 4_096;

    private final Map<String, float[]> vectors = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The unit vector of {@code text} if it was embedded lately; absent otherwise. */
    public synchronized float @Nullable [] get(String text) {
        return vectors.get(text);
    }

    /** Keeps the unit vector of {@code text}, unless the text is longer than {@value #MAX_TEXT_CHARS} characters. */
    public synchronized void put(String text, float[] unit) {
        if (text.length() <= MAX_TEXT_CHARS) {
            vectors.put(text, unit);
        }
    }

    /**
     * The unit vector of {@code text}: kept from lately, or {@code embedding} of it (a unit vector), kept from now on.
     * The embedding runs outside the lock: two callers may embed the same new text at once.
     */
    public float[] vectorOf(String text, Function<String, float[]> embedding) {
        float[] known = get(text);
        if (known != null) {
            return known;
        }
        float[] unit = embedding.apply(text);
        put(text, unit);
        return unit;
    }

    /** Forgets every text, as erasing a user requires (the texts are not kept by user). */
    public synchronized void clear() {
        vectors.clear();
    }
}
