package dev.janus.proactive;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.proactive.detect.Detector;
import dev.janus.proactive.restraint.FeedbackLoop;

/**
 * Proactive's subscriptions, in the {@code janus-proactive} group: one per type some detector watches (never audio
 * chunks, deltas or video frames unless a detector asks for them), and suggestion feedback; each event goes to the
 * detectors that watch its type, feedback to the {@link FeedbackLoop}. Proactive's own events are never subscribed
 * to. A detector that fails fails the event, which the bus retries and dead-letters like any
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
        return watchedTypes().stream()
                .map(type -> bus.subscribe(type.wireName(), ProactiveConfiguration.COMPONENT, this::on)).toList();
    }

    /** The types subscribed to: those some detector watches, and suggestion feedback; none proactive publishes. */
    public Set<EventType> watchedTypes() {
        Set<EventType> watched = EnumSet.noneOf(EventType.class);
        for (EventType type : EventType.values()) {
            if (!ownType(type) && (type == EventType.INPUT_SUGGESTION_FEEDBACK
                    || detectors.stream().anyMatch(detector -> detector.watches(type)))) {
                watched.add(type);
            }
        }
        return watched;
    }

    /** The names of the detectors that watch {@code type}, in their order; none for feedback alone. */
    public List<String> detectorsWatching(EventType type) {
        return detectors.stream().filter(detector -> detector.watches(type)).map(Detector::name).toList();
    }

    private static boolean ownType(EventType type) {
        return ProactiveConfiguration.PUBLISHES.contains(type);
    }

    void on(JanusEvent event) {
        EventType type = event.eventType();
        if (ownType(type)) {
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
