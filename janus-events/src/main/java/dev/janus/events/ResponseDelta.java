package dev.janus.events;

/**
 * A piece of a reply while the LLM component streams it; the event's correlation id is the request's.
 * {@code llm.response.generated} follows with the whole text.
 *
 * @param sequence 0 for the first delta of a reply, then 1, 2, ...
 * @param text the new text, appended to what came before
 */
public record ResponseDelta(int sequence, String text) implements EventContent {

    public ResponseDelta {
        Constraints.range("sequence", sequence, 0, Integer.MAX_VALUE);
        Constraints.text("text", text, EventLimits.MAX_TEXT_CHARS);
    }
}
