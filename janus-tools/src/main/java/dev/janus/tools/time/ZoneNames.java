package dev.janus.tools.time;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

import dev.janus.events.vocabulary.TimeZoneNames;

/**
 * Reads a time zone as people and models write it: a name {@link TimeZoneNames} knows (an IANA id in any case
 * {@code asia/tokyo}, its city {@code Tokyo} or {@code new york}, a country such as {@code japan}), {@code UTC}/{@code GMT},
 * or an offset ({@code +05:30}).
 */
public final class ZoneNames {

    /** The zone {@code name} names, if any. */
    public Optional<ZoneId> find(String name) {
        Optional<String> named = TimeZoneNames.find(name);
        if (named.isPresent()) {
            return Optional.of(ZoneId.of(named.get()));
        }
        try {
            return Optional.of(ZoneId.of(name.strip().toUpperCase(Locale.ROOT)));
        }
        catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
