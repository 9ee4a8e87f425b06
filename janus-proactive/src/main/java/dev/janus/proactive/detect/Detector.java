package dev.janus.proactive.detect;

import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.proactive.Findings;

/**
 * One way of noticing something in the live events. A detector keeps its state in
 * {@link dev.janus.proactive.state.ProactiveState}, keyed so that a redelivered event changes nothing, and
 * reports to {@link Findings}. Thread-safe.
 */
public interface Detector {

    /** Its name in configuration and logs, e.g. {@code repeated-question}. */
    String name();

    /** Whether it looks at events of this type. */
    boolean watches(EventType type);

    /** Looks at one event. */
    void on(JanusEvent event, Findings findings);
}
