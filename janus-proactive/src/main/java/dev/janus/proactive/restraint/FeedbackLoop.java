package dev.janus.proactive.restraint;

import java.util.Map;
import java.util.Optional;

import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.SuggestionFeedback;
import dev.janus.proactive.Findings;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.state.ProactiveState;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's feedback on suggestions ({@code input.suggestion.feedback}): a dismissal is counted against the
 * suggestion's kind for its recipient for the feedback window, which doubles that kind's cooldown each time; an
 * acceptance forgets the kind's dismissals. Feedback on a suggestion that is unknown or older than
 * {@link Findings#SUGGESTION_MEMORY}, or that comes from another stream than the one the suggestion was offered in
 * (only its owner may post there: someone who learned another user's suggestion id cannot change that user's
 * cooldowns), is logged and counted, and changes nothing.
 */
public final class FeedbackLoop {

    private static final Logger log = LoggerFactory.getLogger(FeedbackLoop.class);

    private final ProactiveState state;
    private final ProactiveProperties.Restraint limits;
    private final MeterRegistry meters;

    public FeedbackLoop(ProactiveState state, ProactiveProperties.Restraint limits, MeterRegistry meters) {
        this.state = state;
        this.limits = limits;
        this.meters = meters;
    }

    public void on(JanusEvent event) {
        SuggestionFeedback feedback = event.content(EventKeys.INPUT_SUGGESTION_FEEDBACK);
        Optional<Map<String, String>> suggestion = state.get(Findings.suggestionKey(feedback.suggestionId()));
        if (suggestion.isEmpty()) {
            log.warn("Feedback '{}' in stream {} is for suggestion {}, which is unknown or expired; ignoring it",
                    feedback.feedback(), event.streamId(), feedback.suggestionId());
            meters.counter("janus.proactive.feedback", "kind", "unknown", "feedback", feedback.feedback()).increment();
            return;
        }
        String kind = suggestion.get().get("kind");
        String recipient = suggestion.get().get("recipient");
        if (kind == null || recipient == null) {
            log.warn("Suggestion {} of stream {} is stored without its kind or recipient; ignoring feedback on it",
                    feedback.suggestionId(), event.streamId());
            return;
        }
        String offeredIn = suggestion.get().get("stream");
        if (offeredIn != null && !offeredIn.equals(event.streamId())) {
            log.warn("Feedback '{}' in stream {} is for suggestion {}, offered in another stream; ignoring it",
                    feedback.feedback(), event.streamId(), feedback.suggestionId());
            meters.counter("janus.proactive.feedback", "kind", "foreign", "feedback", feedback.feedback())
                    .increment();
            return;
        }
        String dismissals = Restraint.dismissalsKey(recipient, kind);
        if (SuggestionFeedback.DISMISSED.equals(feedback.feedback())) {
            state.add(dismissals, event.eventId(), event.timestamp(), limits.feedbackWindow());
        }
        else {
            state.clear(dismissals);
        }
        meters.counter("janus.proactive.feedback", "kind", kind, "feedback", feedback.feedback()).increment();
    }
}
