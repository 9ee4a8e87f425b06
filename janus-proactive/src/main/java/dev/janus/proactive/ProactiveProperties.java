package dev.janus.proactive;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static dev.janus.bus.config.PropertyCheck.inRange;
import static dev.janus.bus.config.PropertyCheck.within;

/**
 * Configuration of proactive intelligence, under {@code janus.proactive}. Every value has a default; a bad value
 * fails start-up with a message naming the property and what it accepts.
 *
 * @param repeatedQuestion the same question asked again and again by one user
 * @param toolFailure one tool failing again and again for one user
 * @param reminder a reminder set with the {@code reminders} tool falling due (threshold and window unused)
 * @param unansweredQuestion a message without {@code output.message.sent} within the window (threshold unused)
 * @param errorSpike {@code *.failed} events, of any user, reaching the threshold within the window
 * @param memoryPattern patterns memory learned ({@code memory.pattern.detected}; threshold and window unused)
 * @param restraint how often and when suggestions may reach a user
 * @param sweepInterval how often each replica looks for messages whose reply window passed (default 1s)
 */
@ConfigurationProperties("janus.proactive")
public record ProactiveProperties(Detector repeatedQuestion, Detector toolFailure,
        Detector reminder, Detector unansweredQuestion, Detector errorSpike,
        Detector memoryPattern, Restraint restraint,
        @DefaultValue("1s") Duration sweepInterval) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public ProactiveProperties {
        repeatedQuestion = Detector.of("repeated-question", repeatedQuestion, 3, Duration.ofHours(1));
        toolFailure = Detector.of("tool-failure", toolFailure, 3, Duration.ofMinutes(15));
        reminder = Detector.of("reminder", reminder, 1, Duration.ofMinutes(1));
        unansweredQuestion = Detector.of("unanswered-question", unansweredQuestion, 1, Duration.ofSeconds(30));
        errorSpike = Detector.of("error-spike", errorSpike, 10, Duration.ofMinutes(1));
        memoryPattern = Detector.of("memory-pattern", memoryPattern, 1, Duration.ofMinutes(1));
        restraint = restraint == null ? new Restraint(null, null, null, null, null, null, null, null, null, null)
                : restraint;
        sweepInterval = within("janus.proactive.sweep-interval", sweepInterval, Duration.ofSeconds(1),
                Duration.ofMillis(10), Duration.ofMinutes(5));
    }

    /** Every default. */
    public static ProactiveProperties defaults() {
        return new ProactiveProperties(null, null, null, null, null, null, null, null);
    }

    /**
     * One detector.
     *
     * @param enabled whether it runs (default true)
     * @param threshold how many occurrences within the window make a finding (1..10000)
     * @param window how far back occurrences count (1s..30d)
     */
    public record Detector(@DefaultValue("true") @Nullable Boolean enabled, @Nullable Integer threshold,
            @Nullable Duration window) {

        static Detector of(String name, @Nullable Detector configured, int threshold, Duration window) {
            String prefix = "janus.proactive." + name + ".";
            Detector given = configured == null ? new Detector(null, null, null) : configured;
            return new Detector(given.enabled == null || given.enabled,
                    inRange(prefix + "threshold", given.threshold, threshold, 1, 10_000),
                    within(prefix + "window", given.window, window, Duration.ofSeconds(1), Duration.ofDays(30)));
        }

        /** The threshold; set once the properties are built. */
        public int count() {
            return threshold == null ? 1 : threshold;
        }

        /** The window; set once the properties are built. */
        public Duration span() {
            return window == null ? Duration.ofMinutes(1) : window;
        }

        /** Whether it runs; set once the properties are built. */
        public boolean on() {
            return enabled == null || enabled;
        }
    }

    /**
     * Restraint: what keeps suggestions few and welcome. Reminders the user set pass every limit but
     * de-duplication: they were asked for.
     *
     * @param perStreamLimit suggestions at most per stream within {@code perStreamWindow} (default 3 per 10m)
     * @param perStreamWindow see above
     * @param perUserLimit suggestions at most per user within {@code perUserWindow} (default 10 per 1h)
     * @param perUserWindow see above
     * @param dedupWindow how long the same suggestion (kind and text) is not made again to a user (default 1h)
     * @param kindCooldown after a suggestion of a kind, how long the next of that kind waits for the same user;
     *        doubled for every dismissal of that kind within {@code feedbackWindow} (default 5m)
     * @param feedbackWindow how long a dismissal counts (default 30d)
     * @param quietStart start of the quiet hours, when no suggestion is made (e.g. {@code 22:00}; none by default)
     * @param quietEnd end of the quiet hours (e.g. {@code 07:00})
     * @param quietZone the time zone of the quiet hours (default UTC)
     */
    public record Restraint(@DefaultValue("3") Integer perStreamLimit,
            @DefaultValue("10m") Duration perStreamWindow, @DefaultValue("10") Integer perUserLimit,
            @DefaultValue("1h") Duration perUserWindow, @DefaultValue("1h") Duration dedupWindow,
            @DefaultValue("5m") Duration kindCooldown, @DefaultValue("30d") Duration feedbackWindow,
            @Nullable LocalTime quietStart, @Nullable LocalTime quietEnd,
            @DefaultValue("UTC") ZoneId quietZone) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Restraint {
            String prefix = "janus.proactive.restraint.";
            perStreamLimit = inRange(prefix + "per-stream-limit", perStreamLimit, 3, 1, 10_000);
            perStreamWindow = within(prefix + "per-stream-window", perStreamWindow, Duration.ofMinutes(10),
                    Duration.ofSeconds(1), Duration.ofDays(30));
            perUserLimit = inRange(prefix + "per-user-limit", perUserLimit, 10, 1, 10_000);
            perUserWindow = within(prefix + "per-user-window", perUserWindow, Duration.ofHours(1),
                    Duration.ofSeconds(1), Duration.ofDays(30));
            dedupWindow = within(prefix + "dedup-window", dedupWindow, Duration.ofHours(1), Duration.ofSeconds(1),
                    Duration.ofDays(30));
            kindCooldown = within(prefix + "kind-cooldown", kindCooldown, Duration.ofMinutes(5), Duration.ofMillis(1),
                    Duration.ofDays(1));
            feedbackWindow = within(prefix + "feedback-window", feedbackWindow, Duration.ofDays(30),
                    Duration.ofMinutes(1), Duration.ofDays(365));
            if ((quietStart == null) != (quietEnd == null)) {
                throw new IllegalArgumentException(prefix + "quiet-start and " + prefix
                        + "quiet-end must be set together (e.g. 22:00 and 07:00), but only one was");
            }
            if (quietStart != null && quietStart.equals(quietEnd)) {
                throw new IllegalArgumentException(prefix + "quiet-start and " + prefix + "quiet-end must differ, "
                        + "but both were " + quietStart);
            }
            quietZone = quietZone == null ? ZoneId.of("UTC") : quietZone;
        }
    }
}
