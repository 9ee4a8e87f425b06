package dev.janus.orchestrator.llm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** When something was said, as people say it: "today", "yesterday", "on 3 December", "on 3 December 2025". */
final class SaidWhen {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_OF_YEAR = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private SaidWhen() {
    }

    static String of(Instant at, Instant now, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        LocalDate today = now.atZone(zone).toLocalDate();
        if (day.equals(today)) {
            return "today";
        }
        if (day.equals(today.minusDays(1))) {
            return "yesterday";
        }
        return "on " + (day.getYear() == today.getYear() ? DAY.format(day) : DAY_OF_YEAR.format(day));
    }
}
