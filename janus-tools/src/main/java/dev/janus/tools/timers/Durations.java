package dev.janus.tools.timers;

import java.time.Duration;

/** Durations as people say them: "10 minutes", "1 hour 30 minutes", "45 seconds". */
final class Durations {

    private Durations() {
    }

    static String spoken(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds == 0) {
            return "less than a second";
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        append(text, days, "day");
        append(text, hours, "hour");
        append(text, minutes, "minute");
        append(text, rest, "second");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(amount).append(' ').append(unit).append(amount == 1 ? "" : "s");
        }
    }
}
