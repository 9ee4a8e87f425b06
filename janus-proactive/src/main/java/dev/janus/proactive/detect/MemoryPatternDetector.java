package dev.janus.proactive.detect;

import java.util.ArrayList;
import java.util.List;

import dev.janus.events.EventKeys;
import dev.janus.events.EventLimits;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.events.PatternDetected;
import dev.janus.proactive.Findings;

/**
 * Patterns memory learned about a user ({@code memory.pattern.detected}: recurring topics, repeated questions,
 * routine times) become live patterns, with memory's event added to the evidence, and a suggestion that tells
 * the user what was noticed; restraint decides whether it goes.
 */
public final class MemoryPatternDetector implements Detector {

    @Override
    public String name() {
        return "memory-pattern";
    }

    @Override
    public boolean watches(EventType type) {
        return type == EventType.MEMORY_PATTERN_DETECTED;
    }

    @Override
    public void on(JanusEvent event, Findings findings) {
        PatternDetected learned = event.content(EventKeys.MEMORY_PATTERN_DETECTED);
        List<String> evidence = new ArrayList<>(learned.evidence());
        if (evidence.size() < EventLimits.MAX_ITEMS) {
            evidence.add(event.eventId());
        }
        findings.pattern(event, name(), new PatternDetected(learned.kind(), learned.description(),
                learned.occurrences(), evidence));
        findings.suggest(event, event.context().userId(), name(), learned.kind(),
                "I noticed a pattern: " + learned.description() + ". Tell me if there is something I can do about it.",
                evidence);
    }
}
