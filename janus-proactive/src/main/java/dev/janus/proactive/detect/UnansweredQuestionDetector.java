package dev.janus.proactive.detect;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.janus.bus.config.PropertyCheck;
import dev.janus.bus.lifecycle.LeasedBatches;
import dev.janus.bus.UserErasure;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.events.Intervention;
import dev.janus.events.JanusEvent;
import dev.janus.proactive.Findings;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.state.ProactiveState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message that got no {@code output.message.sent} within the window: each message schedules a check at its
 * time plus the window; the reply (same correlation id) cancels it; {@link #sweep} runs the checks that fell
 * due, each on one replica only, and reports a warning for operators. A reply that is seen before its message
 * (the two travel on different streams) is remembered for two windows, so the message does not schedule a
 * check.
 */
public final class UnansweredQuestionDetector implements Detector {

    /** The kind of its intervention. */
    public static final String KIND = "unanswered_question";

    private static final Logger log = LoggerFactory.getLogger(UnansweredQuestionDetector.class);
    private static final int SWEEP_BATCH = 100;

    private final ProactiveState state;
    private final ProactiveProperties.Detector settings;
    private final EventCodec codec;
    private final Clock clock;
    private final UserErasure erasure;

    public UnansweredQuestionDetector(ProactiveState state, ProactiveProperties.Detector settings, EventCodec codec,
            Clock clock, UserErasure erasure) {
        this.state = state;
        this.erasure = erasure;
        this.settings = settings;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "unanswered-question";
    }

    @Override
    public boolean watches(EventType type) {
        return type == EventType.INPUT_MESSAGE_RECEIVED || type == EventType.OUTPUT_MESSAGE_SENT;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        String answeredKey = "answered:" + event.correlationId();
        if (event.eventType() == EventType.OUTPUT_MESSAGE_SENT) {
            state.put(answeredKey, Map.of("by", event.eventId()), settings.span().multipliedBy(2));
            state.unschedule(event.correlationId());
        }
        else if (state.get(answeredKey).isEmpty()) {
            state.schedule(event.correlationId(), codec.encodeToString(event), event.timestamp().plus(settings.span()));
        }
    }

    /**
     * Reports the messages whose window passed without a reply; returns how many. A check whose handling fails
     * (Redis or the bus out of reach) stays taken, and is due again once its lease passed; so are the checks of a
     * batch not reached within half the lease.
     */
    public int sweep(Findings findings) {
        AtomicInteger reported = new AtomicInteger();
        if (!LeasedBatches.drain(clock::instant, ProactiveState.TAKE_LEASE, SWEEP_BATCH,
                (now, max) -> state.takeDue(now, max).entrySet(), check -> {
                    try {
                        if (reportIfUnanswered(check.getValue(), findings)) {
                            reported.incrementAndGet();
                        }
                    }
                    catch (RuntimeException e) {
                        log.warn("Checking whether {} was answered failed; it is checked again in {} s",
                                check.getKey(), ProactiveState.TAKE_LEASE.toSeconds(), e);
                        return;
                    }
                    state.unschedule(check.getKey());
                })) {
            log.warn("Checking unanswered messages is slow; the rest of this batch is checked again in {} s",
                    ProactiveState.TAKE_LEASE.toSeconds());
        }
        return reported.get();
    }

    /** Reports the scheduled message unless it was answered, its user erased, or it is not an event; whether it did. */
    private boolean reportIfUnanswered(String payload, Findings findings) {
        JanusEvent message;
        try {
            message = codec.decode(payload);
        }
        catch (RuntimeException e) {
            log.error("Dropping a scheduled check that is not a valid event (written by another version?): {}",
                    e.getMessage());
            return false;
        }
        if (erasure.isErased(message) || state.get("answered:" + message.correlationId()).isPresent()) {
            // answered; or its user was forgotten since, and the check goes with the rest of them
            return false;
        }
        findings.intervene(message, name(), new Intervention(KIND, "No reply to message " + message.eventId()
                + " in stream " + message.streamId() + " within " + PropertyCheck.readable(settings.span()), "warning",
                List.of(message.eventId())));
        return true;
    }
}
