package dev.janus.proactive;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.janus.bus.EventPublisher;
import dev.janus.events.EventContent;
import dev.janus.events.EventContext;
import dev.janus.events.EventKey;
import dev.janus.events.EventKeys;
import dev.janus.events.Intervention;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.ProactiveState;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where detectors report what they found: patterns ({@code proactive.pattern.detected}), suggestions for the
 * user ({@code proactive.suggestion.ready}, after {@link Restraint}) and interventions for operators
 * ({@code proactive.intervention.needed}). Each event answers the event that completed the finding; its id
 * derives from that event, the type and the detector, so a redelivered event publishes the very same events.
 * A suggestion held back is counted ({@code janus.proactive.suggestions{outcome="held_back"}}) and logged with
 * the reason, never dropped unseen. A suggestion that goes out is remembered for
 * {@link #SUGGESTION_MEMORY}, so the user's feedback can be traced to its kind.
 */
public final class Findings {

    /** How long a suggestion's kind and recipient are kept for feedback. */
    public static final Duration SUGGESTION_MEMORY = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(Findings.class);

    private final EventPublisher bus;
    private final Restraint restraint;
    private final ProactiveState state;
    private final MeterRegistry meters;

    public Findings(EventPublisher bus, Restraint restraint, ProactiveState state, MeterRegistry meters) {
        this.bus = bus;
        this.restraint = restraint;
        this.state = state;
        this.meters = meters;
    }

    /** Publishes a pattern seen in the live events. */
    public void pattern(JanusEvent cause, String detector, PatternDetected pattern) {
        publish(cause.replyOnce(EventKeys.PROACTIVE_PATTERN_DETECTED, pattern, ProactiveConfiguration.COMPONENT,
                detector));
    }

    /** Publishes an intervention for operators. */
    public void intervene(JanusEvent cause, String detector, Intervention intervention) {
        publish(cause.replyOnce(EventKeys.PROACTIVE_INTERVENTION_NEEDED, intervention,
                ProactiveConfiguration.COMPONENT, detector));
        meters.counter("janus.proactive.interventions", "kind", intervention.kind()).increment();
    }

    /**
     * Offers {@code userId} (in {@code cause}'s stream; the stream's participants when the user is unknown) a
     * suggestion, unless restraint holds it back.
     */
    public void suggest(JanusEvent cause, @Nullable String userId, String detector, String kind, String text,
            List<String> evidence) {
        String id = idOf(cause, EventKeys.PROACTIVE_SUGGESTION_READY, detector);
        ProactiveSuggestion suggestion = new ProactiveSuggestion(id, kind, text, evidence);
        Optional<String> heldBack = restraint.holdBack(suggestion, userId, cause.streamId());
        if (heldBack.isPresent()) {
            log.info("Holding back the {} suggestion {} for stream {}: {}", kind, id, cause.streamId(),
                    heldBack.get());
            meters.counter("janus.proactive.suggestions", "kind", kind, "outcome", "held_back", "reason",
                    heldBack.get()).increment();
            return;
        }
        Map<String, String> record = new HashMap<>();
        record.put("kind", kind);
        record.put("recipient", Restraint.recipient(userId, cause.streamId()));
        record.put("stream", cause.streamId());
        state.put(suggestionKey(id), record, SUGGESTION_MEMORY);
        // the suggestion's id is its event's id
        publish(answer(cause, EventKeys.PROACTIVE_SUGGESTION_READY, detector, suggestion, userId));
        meters.counter("janus.proactive.suggestions", "kind", kind, "outcome", "offered", "reason", "none")
                .increment();
    }

    /** The state key under which an offered suggestion is remembered. */
    public static String suggestionKey(String suggestionId) {
        return "suggestion:" + suggestionId;
    }

    private void publish(JanusEvent event) {
        bus.publish(event).join();
    }

    private static <C extends EventContent> JanusEvent answer(JanusEvent cause, EventKey<C> key, String detector,
            C content, @Nullable String userId) {
        EventContext context = cause.context().withSource(ProactiveConfiguration.COMPONENT)
                .forUser(userId, cause.context().channel());
        return JanusEvent.inFlow(idOf(cause, key, detector), key, cause.streamId(), content, context, cause.traceId(),
                cause.correlationId(), cause.eventId());
    }

    private static String idOf(JanusEvent cause, EventKey<?> key, String detector) {
        return JanusEvent.derivedId(cause.eventId(), key, detector);
    }
}
