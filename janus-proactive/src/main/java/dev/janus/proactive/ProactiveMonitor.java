package dev.janus.proactive;

import java.util.List;

import dev.janus.bus.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.proactive.detect.Detector;
import dev.janus.proactive.restraint.FeedbackLoop;

/**
 * Proactive's one subscription: every event ({@code *}) in the {@code janus-proactive} group goes to the
 * detectors that watch its type, and feedback on suggestions to the {@link FeedbackLoop}. Proactive's own
 * events are skipped. A detector that fails fails the event, which the bus retries and dead-letters like any
 * other; detectors are idempotent, so a retry repeats nothing that already happened.
 */
public final class ProactiveMonitor extends EventHandlers {

    private final EventSubscriber bus;
    private final List<Detector> detectors;
    private final FeedbackLoop feedback;
    private final Findings findings;

    public ProactiveMonitor(EventSubscriber bus, List<Detector> detectors, FeedbackLoop feedback, Findings findings) {
        this.bus = bus;
        this.detectors = List.copyOf(detectors);
        this.feedback = feedback;
        this.findings = findings;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe("*", ProactiveConfiguration.COMPONENT, this::on));
    }

    void on(JanusEvent event) {
        EventType type = event.eventType();
        if (type.publisher().equals(ProactiveConfiguration.COMPONENT)) {
            return;
        }
        if (type == EventType.INPUT_SUGGESTION_FEEDBACK) {
            feedback.on(event);
        }
        for (Detector detector : detectors) {
            if (detector.watches(type)) {
                detector.on(event, findings);
            }
        }
    }
}
