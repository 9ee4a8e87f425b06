package dev.janus.events;

/**
 * The size limits every event obeys, so that no input can exhaust memory on its way through the
 * bus. They are part of the contract: a publisher and a consumer agree on them.
 */
public final class EventLimits {

    /** Largest encoded event, in bytes of UTF-8 JSON. */
    public static final int MAX_EVENT_BYTES = 2 * 1024 * 1024;

    /** Longest text of a message, reply, fact or turn, in characters. */
    public static final int MAX_TEXT_CHARS = 32_768;

    /** Longest identifier or name (event id, stream id, tool name, ...), in characters. */
    public static final int MAX_ID_CHARS = 128;

    /** Largest binary payload (an audio chunk, a video frame), in bytes. */
    public static final int MAX_BINARY_BYTES = 1024 * 1024;

    /** Most items in any list of an event (turns, facts, tool calls, evidence, ...). */
    public static final int MAX_ITEMS = 1_000;

    /** Deepest nesting of JSON objects and arrays in an encoded event. */
    public static final int MAX_JSON_DEPTH = 32;

    private EventLimits() {
    }
}
