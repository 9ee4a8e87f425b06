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
}
