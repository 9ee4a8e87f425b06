package dev.janus.bus;

import dev.janus.events.EventKey;
import dev.janus.events.JanusEvent;

/**
 * Handles one event of a single type, given its content already typed: what
 * {@link EventSubscriber#subscribe(EventKey, String, ContentHandler)} calls. The same contract as
 * {@link EventHandler}: called on a bus worker thread, may block, must tolerate a redelivery, throws to make the bus
 * retry.
 *
 * @param <C> the content record of the subscribed type
 */
@FunctionalInterface
public interface ContentHandler<C> {

    /** Handles {@code event}, whose content is {@code content}; may block; throws to signal failure. */
    void on(JanusEvent event, C content) throws Exception;
}
