package dev.janus.tools.time;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.janus.events.ToolDefinition;
import dev.janus.tools.registry.ParametersSchema.Property;
import dev.janus.tools.registry.ParametersSchema;
import dev.janus.tools.registry.Tool;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import dev.janus.tools.registry.ToolRegistry;

/**
 * The {@code datetime} tool: the current date and time in a zone ({@code {"zone": "Asia/Tokyo"}}, or the
 * default zone for {@code {}}), or a time of day converted between zones
 * ({@code {"time": "9am", "from": "Europe/London", "zone": "Asia/Tokyo"}}).
 */
public final class DateTimeTool implements Tool {

    public static final String NAME = "datetime";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEEE, d MMMM uuuu, HH:mm",
            Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Tells the current date and time in a time zone, or converts a time of day from one zone to another. "
                    + "Zones are IANA ids (Asia/Tokyo), cities (Tokyo), UTC or offsets (+05:30). Examples: {} for the "
                    + "default zone, {\"zone\": \"Asia/Tokyo\"}, {\"time\": \"9am\", \"from\": \"Europe/London\", "
                    + "\"zone\": \"Asia/Tokyo\"}.",
            ParametersSchema.object()
                    .optional("zone", Property.string("The zone to tell the time in (or to convert to)").maxLength(64))
                    .optional("time", Property.string("A time of day to convert, e.g. 09:00, 9am, 17:30").maxLength(32))
                    .optional("from", Property.string("The zone of 'time'; the default zone when absent").maxLength(64))
                    .build(),
            true, ToolRegistry.BUILTIN);

    private final Clock clock;
    private final ZoneId defaultZone;
    private final ZoneNames zones = new ZoneNames();

    public DateTimeTool(Clock clock, ZoneId defaultZone) {
        this.clock = clock;
        this.defaultZone = defaultZone;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    /** True: it computes and returns at once: nothing to stop. */
    @Override
    public boolean stopsWhenInterrupted() {
        return true;
    }

    @Override
    public String execute(ToolInvocation invocation) throws ToolFailure {
        String zoneName = invocation.optionalString("zone");
        ZoneId zone = zoneName == null ? defaultZone : zone("zone", zoneName);
        String time = invocation.optionalString("time");
        if (time == null) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            return "It is " + now.format(DATE_TIME) + " in " + describe(zone, now) + ".";
        }
        String fromName = invocation.optionalString("from");
        ZoneId from = fromName == null ? defaultZone : zone("from", fromName);
        LocalTime localTime = TimeOfDay.parse(time).orElseThrow(() -> ToolFailure.badInput(
                "arguments.time must be a time of day such as 09:00, 9am or 17:30, but was '" + time + "'"));
        ZonedDateTime source = ZonedDateTime.of(LocalDate.now(clock.withZone(from)), localTime, from);
        ZonedDateTime target = source.withZoneSameInstant(zone);
        String day = target.toLocalDate().equals(source.toLocalDate()) ? "the same day"
                : target.toLocalDate().isAfter(source.toLocalDate()) ? "the next day" : "the day before";
        return source.format(CLOCK) + " in " + describe(from, source) + " is " + target.format(CLOCK) + " in "
                + describe(zone, target) + " (" + day + ", " + target.format(DATE) + ").";
    }

    private ZoneId zone(String argument, String name) throws ToolFailure {
        return zones.find(name).orElseThrow(() -> ToolFailure.badInput("arguments." + argument
                + " must be a time zone such as Asia/Tokyo, a city such as Tokyo, UTC or an offset such as +05:30, but was '"
                + name + "'"));
    }

    private static String describe(ZoneId zone, ZonedDateTime at) {
        String offset = at.getOffset().getId().equals("Z") ? "UTC" : "UTC" + at.getOffset().getId();
        return zone.getId().equals(offset) || zone.getId().equals("UTC") || zone.getId().equals("Z") ? offset
                : zone.getId() + " (" + offset + ")";
    }
}
