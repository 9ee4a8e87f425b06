package dev.janus.tools.time;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a time zone as people and models write it: an IANA id in any case ({@code asia/tokyo}), its city
 * ({@code Tokyo}, {@code new york}), {@code UTC}/{@code GMT}, or an offset ({@code +05:30}).
 */
public final class ZoneNames {

    private final Map<String, ZoneId> byName = new HashMap<>();

    public ZoneNames() {
        for (String id : ZoneId.getAvailableZoneIds().stream().sorted().toList()) {
            ZoneId zone = ZoneId.of(id);
            byName.put(id.toLowerCase(Locale.ROOT), zone);
            if (id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/")) {
                String city = id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                byName.putIfAbsent(city, zone);
                byName.putIfAbsent(city.replace('_', ' '), zone);
            }
        }
    }

    /** The zone {@code name} names, if any. */
    public Optional<ZoneId> find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        ZoneId zone = byName.get(key);
        if (zone != null) {
            return Optional.of(zone);
        }
        try {
            return Optional.of(ZoneId.of(name.strip().toUpperCase(Locale.ROOT)));
        }
        catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
