package dev.janus.proactive.detect;

import java.util.EnumSet;
import java.util.Set;

import dev.janus.bus.config.PropertyCheck;
import dev.janus.events.EventType;
import dev.janus.events.Intervention;
import dev.janus.events.JanusEvent;
import dev.janus.proactive.Findings;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.state.ProactiveState;

/**
 * Failures of any kind ({@code *.failed}: tools, deliveries) of all users reaching the threshold within the
 * window: a critical intervention for operators, once per window.
 */
public final class ErrorSpikeDetector implements Detector {

    /** The kind of its intervention. */
    public static final String KIND = "error_spike";

    private static final String KEY = KIND + ":all";

    private final ProactiveState state;
    private final ProactiveProperties.Detector settings;
    private final Set<EventType> failures = failureTypes();

    public ErrorSpikeDetector(ProactiveState state, ProactiveProperties.Detector settings) {
        this.state = state;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "error-spike";
    }

    @Override
    public boolean watches(EventType type) {
        return failures.contains(type);
    }

    /** Every failure type of the catalogue: those named {@code *.failed}. */
    public static Set<EventType> failureTypes() {
        Set<EventType> failures = EnumSet.noneOf(EventType.class);
        for (EventType type : EventType.values()) {
            if (type.wireName().endsWith(".failed")) {
                failures.add(type);
            }
        }
        return failures;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        ProactiveState.Window failures = state.add(KEY, event.eventId(), event.timestamp(), settings.span());
        if (failures.size() < settings.count() || !state.claim("found:" + KEY, event.eventId(), settings.span())) {
            return;
        }
        findings.intervene(event, name(), new Intervention(KIND, failures.size() + " failures within "
                + PropertyCheck.readable(settings.span()) + " (threshold " + settings.count() + "), the latest a "
                + event.eventType().wireName() + " in stream " + event.streamId(), "critical", failures.newest()));
    }
}
