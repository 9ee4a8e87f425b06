package dev.janus.tools.timers;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;

/**
 * The {@code timer} tool: a long-running call that waits the given seconds, reports progress every
 * {@code janus.tools.timers.progress-interval} ({@code tools.execution.progress}), and completes when the time
 * is up. Interrupting the stream cancels it. A timer lives as long as its call: it does not survive a restart
 * of the instance running it (a reminder does).
 */
public final class TimerTool implements Tool {

    public static final String NAME = "timer";

    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration maxDuration;
    private final Duration progressInterval;
    private final ToolDefinition definition;

    public TimerTool(Clock clock, Duration maxDuration, Duration progressInterval) {
        this.clock = clock;
        this.maxDuration = maxDuration;
        this.progressInterval = progressInterval;
        this.definition = new ToolDefinition(NAME,
                "Starts a timer that runs for the given number of seconds, reports progress while it runs and "
                        + "finishes when the time is up. Example: {\"seconds\": 600, \"label\": \"tea\"}.",
                ParametersSchema.object()
                        .required("seconds", Property.integer("How long the timer runs, in seconds").minimum(1)
                                .maximum(maxDuration.toSeconds()))
                        .optional("label", Property.string("What the timer is for").maxLength(200))
                        .build(),
                false, ToolRegistry.BUILTIN);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Duration timeout(Map<String, Object> arguments, Duration configured) {
        Object seconds = arguments.get("seconds");
        long length = seconds instanceof Number number ? number.longValue() : maxDuration.toSeconds();
        return Duration.ofSeconds(Math.min(Math.max(length, 1), maxDuration.toSeconds())).plus(MARGIN);
    }

    /** True: its wait is a sleep, which an interrupt ends. */
    @Override
    public boolean stopsWhenInterrupted() {
        return true;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException {
        // compared exactly before it is narrowed: a number past a long's range must not wrap into one
        BigDecimal given = invocation.number("seconds");
        if (given.compareTo(BigDecimal.ONE) < 0 || given.compareTo(BigDecimal.valueOf(maxDuration.toSeconds())) > 0) {
            throw ToolFailure.badInput("arguments.seconds must be 1.." + maxDuration.toSeconds() + ", but was "
                    + given.toPlainString());
        }
        long seconds = given.longValue();
        String label = invocation.optionalString("label");
        Duration length = Duration.ofSeconds(seconds);
        String name = "timer for " + Durations.spoken(length) + (label == null || label.isBlank() ? "" : " (" + label + ")");
        Instant end = clock.instant().plus(length);
        invocation.progress().report(0.0, "The " + name + " started; " + Durations.spoken(length) + " left.");
        while (true) {
            Duration left = Duration.between(clock.instant(), end);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(left.toMillis(), progressInterval.toMillis())));
            Duration remaining = Duration.between(clock.instant(), end);
            if (remaining.compareTo(Duration.ofMillis(1)) >= 0) {
                double done = 1.0 - (double) remaining.toMillis() / length.toMillis();
                invocation.progress().report(Math.max(0.0, Math.min(1.0, done)),
                        Durations.spoken(remaining.plusMillis(999)) + " left on the " + name + ".");
            }
        }
        return "Time is up: the " + name + " is done.";
    }
}
