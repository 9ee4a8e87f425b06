package dev.janus.events;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The size and presence rules shared by the content records; each failure names the field. */
final class Constraints {

    private Constraints() {
    }

    static <T> T present(String field, @Nullable T value) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    static String text(String field, @Nullable String value, int maxChars) {
        value = present(field, value);
        if (value.length() > maxChars) {
            throw new InvalidEventException(field, "must be at most " + maxChars + " characters, but was " + value.length());
        }
        return value;
    }

    static String nonBlank(String field, @Nullable String value, int maxChars) {
        value = text(field, value, maxChars);
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
        return value;
    }

    static @Nullable String optionalText(String field, @Nullable String value, int maxChars) {
        return value == null ? null : text(field, value, maxChars);
    }

    static <T> List<T> list(String field, @Nullable List<T> value, int maxItems) {
        if (value == null) {
            return List.of();
        }
        size(field, value, maxItems);
        for (T item : value) {
            if (item == null) {
                throw new InvalidEventException(field, "must not contain null items");
            }
        }
        return List.copyOf(value);
    }

    static <K, V> Map<K, V> map(String field, @Nullable Map<K, V> value, int maxEntries) {
        if (value == null) {
            return Map.of();
        }
        size(field, value.keySet(), maxEntries);
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
    }

    static byte[] bytes(String field, byte @Nullable [] value, int maxBytes) {
        value = present(field, value);
        if (value.length > maxBytes) {
            throw new InvalidEventException(field, "must be at most " + maxBytes + " bytes, but was " + value.length);
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidEventException(field, "must be " + min + ".." + max + ", but was " + value);
        }
        return value;
    }

    static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidEventException(field, "must be " + min + ".." + max + ", but was " + value);
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(field, "must not be negative, but was " + value);
        }
        return value;
    }

    private static void size(String field, Collection<?> value, int max) {
        if (value.size() > max) {
            throw new InvalidEventException(field, "must have at most " + max + " items, but had " + value.size());
        }
    }
}
