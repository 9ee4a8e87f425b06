package dev.janus.events.vocabulary;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Time zones as people name them, one table for every component: an IANA id in any case ({@code asia/tokyo}), the
 * city of one ({@code Tokyo}, {@code new york}, {@code new_york}), or a country, region or nickname Janus knows
 * ({@code japan}, {@code nyc}, {@code california}). The orchestrator's planner reads "what time is it in Tokyo?" with
 * it, the {@code datetime} and {@code reminder} tools read their zone arguments with it. Offsets ({@code +05:30})
 * are not names: a caller that takes them parses them itself. Plain code; thread-safe; never returns {@code null}.
 */
public final class TimeZoneNames {

    /** Places that are not the city of an IANA id, by their lower-case name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("new york", "America/New_York"), Map.entry("nyc", "America/New_York"),
            Map.entry("washington", "America/New_York"), Map.entry("boston", "America/New_York"),
            Map.entry("miami", "America/New_York"), Map.entry("san francisco", "America/Los_Angeles"),
            Map.entry("seattle", "America/Los_Angeles"), Map.entry("california", "America/Los_Angeles"),
            Map.entry("beijing", "Asia/Shanghai"), Map.entry("china", "Asia/Shanghai"),
            Map.entry("delhi", "Asia/Kolkata"), Map.entry("new delhi", "Asia/Kolkata"),
            Map.entry("mumbai", "Asia/Kolkata"), Map.entry("bangalore", "Asia/Kolkata"),
            Map.entry("india", "Asia/Kolkata"), Map.entry("japan", "Asia/Tokyo"), Map.entry("uk", "Europe/London"),
            Map.entry("england", "Europe/London"), Map.entry("france", "Europe/Paris"),
            Map.entry("germany", "Europe/Berlin"), Map.entry("munich", "Europe/Berlin"),
            Map.entry("spain", "Europe/Madrid"), Map.entry("italy", "Europe/Rome"),
            Map.entry("sao paulo", "America/Sao_Paulo"), Map.entry("são paulo", "America/Sao_Paulo"),
            Map.entry("rio de janeiro", "America/Sao_Paulo"), Map.entry("brazil", "America/Sao_Paulo"),
            Map.entry("hong kong", "Asia/Hong_Kong"), Map.entry("korea", "Asia/Seoul"),
            Map.entry("australia", "Australia/Sydney"), Map.entry("hawaii", "Pacific/Honolulu"),
            Map.entry("utc", "UTC"), Map.entry("gmt", "GMT"));

    private static final Map<String, String> BY_NAME = byName();

    private TimeZoneNames() {
    }

    /** The IANA id of the zone {@code name} names ({@code Asia/Tokyo} for "tokyo"), if it names one. */
    public static Optional<String> find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        String alias = ALIASES.get(key);
        return Optional.ofNullable(alias != null ? alias : BY_NAME.get(key.replace(' ', '_')));
    }

    /** IANA zone ids by their lower-case id and by their city part: {@code asia/tokyo} and {@code tokyo}. */
    private static Map<String, String> byName() {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String id : ZoneId.getAvailableZoneIds().stream().sorted().toList()) {
            zones.put(id.toLowerCase(Locale.ROOT), id);
            if (id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/")) {
                zones.putIfAbsent(id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT), id);
            }
        }
        return Map.copyOf(zones);
    }
}
