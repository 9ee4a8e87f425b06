package dev.janus.tools.timers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;
import dev.janus.tools.time.TimeOfDay;
import dev.janus.tools.time.ZoneNames;

/**
 * The {@code reminder} tool: keeps a reminder in the {@link ReminderStore} and completes at once ("I'll remind
 * you ..."); when it falls due, the {@link ReminderScheduler} publishes {@code tools.reminder.due}. The
 * reminder's id derives from the request and call, so a repeated request keeps one reminder.
 */
public final class ReminderTool implements Tool {

    public static final String NAME = "reminder";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm 'on' EEEE, d MMMM uuuu",
            Locale.ENGLISH);

    private final ReminderStore store;
    private final Clock clock;
    private final Duration maxDelay;
    private final ZoneId defaultZone;
    private final int maxPerUser;
    private final ZoneNames zones = new ZoneNames();
    private final ToolDefinition definition;

    /** @param maxPerUser how many reminders may wait for one user ({@code janus.tools.reminders.max-per-user}) */
    public ReminderTool(ReminderStore store, Clock clock, Duration maxDelay, ZoneId defaultZone, int maxPerUser) {
        this.store = store;
        this.clock = clock;
        this.maxDelay = maxDelay;
        this.defaultZone = defaultZone;
        this.maxPerUser = maxPerUser;
        this.definition = new ToolDefinition(NAME,
                "Sets a reminder that is delivered later. Give the text and either in_seconds (from now) or at (a time "
                        + "of day such as 17:30, which means the next such time, or an ISO-8601 date-time), and "
                        + "optionally the zone of 'at'. Examples: {\"text\": \"call Maria\", \"in_seconds\": 300}, "
                        + "{\"text\": \"leave for the train\", \"at\": \"17:30\", \"zone\": \"Europe/Berlin\"}.",
                ParametersSchema.object()
                        .required("text", Property.string("What to remind of").maxLength(1_000))
                        .optional("in_seconds", Property.integer("How many seconds from now").minimum(1)
                                .maximum(maxDelay.toSeconds()))
                        .optional("at", Property.string("When: 17:30, 5pm, or 2026-12-24T18:00:00+01:00").maxLength(64))
                        .optional("zone", Property.string("The time zone of 'at'").maxLength(64))
                        .build(),
                false, ToolRegistry.BUILTIN);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure {
        String text = invocation.string("text").strip();
        if (text.isEmpty()) {
            throw ToolFailure.badInput("arguments.text must say what to remind of");
        }
        boolean relative = invocation.arguments().containsKey("in_seconds");
        boolean absolute = invocation.arguments().containsKey("at");
        if (relative == absolute) {
            throw ToolFailure.badInput("give either arguments.in_seconds or arguments.at, "
                    + (relative ? "not both" : "but neither was given"));
        }
        String zoneName = invocation.optionalString("zone");
        ZoneId zone = zoneName == null ? defaultZone : zones.find(zoneName).orElseThrow(() -> ToolFailure.badInput(
                "arguments.zone must be a time zone such as Europe/Berlin, but was '" + zoneName + "'"));
        Instant now = clock.instant();
        Instant due = relative ? now.plusSeconds(inSeconds(invocation))
                : absoluteTime(invocation.string("at"), zone, now);
        if (!due.isAfter(now)) {
            throw ToolFailure.badInput("the reminder time " + due + " has passed; give a time in the future");
        }
        if (Duration.between(now, due).compareTo(maxDelay) > 0) {
            throw ToolFailure.badInput("a reminder can be at most " + Durations.spoken(maxDelay) + " ahead");
        }
        String id = UUID.nameUUIDFromBytes((invocation.origin().requestId() + "/" + invocation.callId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        String userId = invocation.origin().userId();
        if (userId != null && !store.admit(userId, id, due, now, maxPerUser)) {
            throw ToolFailure.badInput(maxPerUser + " reminders already wait for this user, the most there may be "
                    + "(janus.tools.reminders.max-per-user); let one go off first");
        }
        store.add(new Reminder(id, text, due, invocation.origin()));
        ZonedDateTime local = due.atZone(zone);
        return "I'll remind you to " + text + " at " + local.format(WHEN) + " " + zoneLabel(zone, local) + " (in "
                + Durations.spoken(Duration.between(now, due).plusMillis(500)) + ").";
    }

    /**
     * {@code in_seconds}, compared exactly before it is narrowed: none or more than the maximum delay is refused here, so
     * no number (past a long's range, or past the last instant) wraps around or overflows the due time.
     */
    private long inSeconds(ToolInvocation invocation) throws ToolFailure {
        BigDecimal seconds = invocation.number("in_seconds");
        if (seconds.signum() <= 0) {
            throw ToolFailure.badInput("arguments.in_seconds must be at least 1, but was " + seconds.toPlainString());
        }
        if (seconds.compareTo(BigDecimal.valueOf(maxDelay.toSeconds())) > 0) {
            throw ToolFailure.badInput("a reminder can be at most " + Durations.spoken(maxDelay) + " ahead");
        }
        return seconds.longValue();
    }

    private static Instant absoluteTime(String at, ZoneId zone, Instant now) throws ToolFailure {
        var timeOfDay = TimeOfDay.parse(at);
        if (timeOfDay.isPresent()) {
            LocalTime time = timeOfDay.get();
            ZonedDateTime today = now.atZone(zone).with(time);
            return today.toInstant().isAfter(now) ? today.toInstant() : today.plusDays(1).toInstant();
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        }
        catch (DateTimeException e) {
            try {
                return java.time.LocalDateTime.parse(at).atZone(zone).toInstant();
            }
            catch (DateTimeException again) {
                throw ToolFailure.badInput("arguments.at must be a time of day such as 17:30 or an ISO-8601 date-time "
                        + "such as 2026-12-24T18:00:00+01:00, but was '" + at + "'");
            }
        }
    }

    private static String zoneLabel(ZoneId zone, ZonedDateTime at) {
        return zone.getId().equals("UTC") || zone.getId().equals("Z") ? "UTC" : zone.getId() + " time";
    }
}
