package dev.janus.proactive.detect;

import java.util.List;
import java.util.Locale;

import dev.janus.bus.config.PropertyCheck;
import dev.janus.events.Abbreviation;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.Intervention;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.events.ToolResult;
import dev.janus.proactive.Findings;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.ProactiveState;

/**
 * One tool failing {@code threshold} times within the window for one user (or stream, when the user is
 * unknown). Cancelled runs (the user interrupted) are not failures of the tool and do not count. Reports a
 * pattern, a suggestion telling the user, and a warning for operators, once per window.
 */
public final class ToolFailureDetector implements Detector {

    /** The kind of its pattern, suggestion and intervention. */
    public static final String KIND = "tool_failing";

    /** The most of a tool's error a suggestion or an intervention quotes. */
    static final int MAX_QUOTED_ERROR = 1_000;

    private final ProactiveState state;
    private final ProactiveProperties.Detector settings;

    public ToolFailureDetector(ProactiveState state, ProactiveProperties.Detector settings) {
        this.state = state;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "tool-failure";
    }

    @Override
    public boolean watches(EventType type) {
        return type == EventType.TOOLS_EXECUTION_FAILED;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        ToolResult result = event.content(EventKeys.TOOLS_EXECUTION_FAILED);
        // a tool's error may be as long as a suggestion or an intervention may be: it is quoted shortened
        String error = result.error() == null ? "unknown error" : Abbreviation.abbreviate(result.error(),
                MAX_QUOTED_ERROR);
        if (error.toLowerCase(Locale.ROOT).startsWith("cancelled")) {
            return;
        }
        String recipient = Restraint.recipient(event.context().userId(), event.streamId());
        String key = KIND + ":" + recipient + ":" + result.toolName();
        ProactiveState.Window failures = state.add(key, event.eventId(), event.timestamp(), settings.span());
        if (failures.size() < settings.count() || !state.claim("found:" + key, event.eventId(), settings.span())) {
            return;
        }
        String window = PropertyCheck.readable(settings.span());
        String what = "The " + result.toolName() + " tool failed " + failures.size() + " times within " + window;
        List<String> evidence = failures.newest();
        findings.pattern(event, name(), new PatternDetected(KIND, what + " for " + recipient, failures.size(),
                evidence));
        findings.suggest(event, event.context().userId(), name(), KIND, what + " for you; the last error was: " + error
                + ". It may be unavailable for a while, so its answers could be missing.", evidence);
        findings.intervene(event, name(), new Intervention(KIND, what + " for " + recipient + "; last error: "
                + error, "warning", evidence));
    }
}
