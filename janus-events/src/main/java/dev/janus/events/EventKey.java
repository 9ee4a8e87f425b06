package dev.janus.events;

import java.util.Objects;

/**
 * An {@link EventType} together with the content record its events carry, so that publishing and handling an event
 * are checked by the compiler: {@code JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, stream, new TextContent(..),
 * context)} takes only a {@link TextContent}, and {@link JanusEvent#content(EventKey)} returns one. Immutable; there
 * is exactly one key per type, the constants of {@link EventKeys}, so keys compare by identity.
 *
 * @param <C> the content record of the type
 */
public final class EventKey<C extends EventContent> {

    private final EventType type;
    private final Class<C> contentType;

    EventKey(EventType type, Class<C> contentType) {
        this.type = Objects.requireNonNull(type, "type must not be null");
        this.contentType = Objects.requireNonNull(contentType, "contentType must not be null");
        if (type.contentType() != contentType) {
            throw new IllegalArgumentException("The key of " + type.wireName() + " must carry "
                    + type.contentType().getSimpleName() + ", but was given " + contentType.getSimpleName());
        }
    }

    /** The event type this key stands for. */
    public EventType type() {
        return type;
    }

    /** The content record every event of {@link #type()} carries; equal to {@code type().contentType()}. */
    public Class<C> contentType() {
        return contentType;
    }

    /** The wire name of the type, the pattern to subscribe to exactly this type. */
    public String wireName() {
        return type.wireName();
    }

    @Override
    public String toString() {
        return type.wireName() + " (" + contentType.getSimpleName() + ")";
    }
}
