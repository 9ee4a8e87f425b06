package dev.janus.events;

/**
 * A text message from a user, on any channel (the channel is in the {@link EventContext}).
 *
 * @param text what the user said; not blank, at most {@link EventLimits#MAX_TEXT_CHARS} characters
 */
public record TextContent(String text) implements EventContent {

    public TextContent {
        Constraints.nonBlank("text", text, EventLimits.MAX_TEXT_CHARS);
    }

    /**
     * Whether {@code text} has a character a reader sees: not only white space, no-break spaces, zero-width and other
     * format characters (U+200B, U+FEFF) or control characters. Such text is empty to a reader and to the sentence
     * models, which reduce it to nothing and refuse it ("Cannot embed empty or whitespace-only text").
     */
    public static boolean isVisible(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.CONTROL);
    }
}
