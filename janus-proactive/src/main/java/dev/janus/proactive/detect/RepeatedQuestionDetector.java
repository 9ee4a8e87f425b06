package dev.janus.proactive.detect;

import java.util.List;
import java.util.Locale;

import com.google.re2j.Pattern;
import dev.janus.bus.config.PropertyCheck;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.proactive.Findings;
import dev.janus.proactive.Fingerprint;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.ProactiveState;

/**
 * The same question asked by one user (or in one stream, when the user is unknown) {@code threshold} times
 * within the window. "The same" means equal once lower-cased and stripped of punctuation and extra spaces;
 * questions that are merely similar in meaning are memory's {@code repeated_question} pattern, which
 * {@link MemoryPatternDetector} passes on. A question ends with {@code ?} or starts with a question word.
 * Reports one pattern and one suggestion per window.
 */
public final class RepeatedQuestionDetector implements Detector {

    /** The kind of its pattern and suggestion. */
    public static final String KIND = "repeated_question";

    // RE2/J: linear in the message, whatever it holds. The question word ends at a space or the end: the
    // normalised text has only letters, digits and single spaces (a Unicode word boundary, not RE2/J's ASCII \b).
    private static final Pattern QUESTION_WORD = Pattern.compile("^(what|whats|who|whom|whose|where|when|why|how"
            + "|which|is|are|am|was|were|can|could|do|does|did|will|would|should|shall|may|might|have|has)(?: |$)");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int MAX_QUOTED = 200;

    private final ProactiveState state;
    private final ProactiveProperties.Detector settings;

    public RepeatedQuestionDetector(ProactiveState state, ProactiveProperties.Detector settings) {
        this.state = state;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "repeated-question";
    }

    @Override
    public boolean watches(EventType type) {
        return type == EventType.INPUT_MESSAGE_RECEIVED;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text().strip();
        String normalised = NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        if (normalised.isEmpty() || !(text.endsWith("?") || QUESTION_WORD.matcher(normalised).find())) {
            return;
        }
        String recipient = Restraint.recipient(event.context().userId(), event.streamId());
        String key = KIND + ":" + recipient + ":" + Fingerprint.of(normalised);
        ProactiveState.Window asked = state.add(key, event.eventId(), event.timestamp(), settings.span());
        if (asked.size() < settings.count() || !state.claim("found:" + key, event.eventId(), settings.span())) {
            return;
        }
        String quoted = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        String window = PropertyCheck.readable(settings.span());
        List<String> evidence = asked.newest();
        findings.pattern(event, name(), new PatternDetected(KIND,
                "\"" + quoted + "\" asked " + asked.size() + " times within " + window, asked.size(), evidence));
        findings.suggest(event, event.context().userId(), name(), KIND, "You have asked \"" + quoted + "\" " + asked.size()
                + " times in the last " + window + ". If the answer is something to keep, tell me \"remember that "
                + "...\" and I will, or ask me to remind you about it.", evidence);
    }
}
