package dev.janus.app.replay;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.janus.events.EventCodec;
import dev.janus.events.InvalidEventException;
import dev.janus.events.JanusEvent;

/**
 * Recorded events as JSON Lines: one event per line, exactly as on the bus. Reading validates every line and keeps
 * the bad ones, by line number, with what is wrong, so an import reports them all at once.
 *
 * @param events the valid events, in time order
 * @param badLines the lines that are not valid events
 */
public record EventLog(List<JanusEvent> events, List<BadLine> badLines) {

    private static final EventCodec CODEC = new EventCodec();

    public EventLog {
        events = events.stream().sorted(Comparator.comparing(JanusEvent::timestamp)).toList();
        badLines = List.copyOf(badLines);
    }

    /** A log of these events. */
    public static EventLog of(List<JanusEvent> events) {
        return new EventLog(events, List.of());
    }

    /** Reads {@code file}; blank lines are skipped. */
    public static EventLog read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** Reads JSON Lines from {@code reader}. */
    public static EventLog read(BufferedReader reader) throws IOException {
        List<JanusEvent> events = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(CODEC.decode(line));
            }
            catch (InvalidEventException e) {
                bad.add(new BadLine(number, e.getMessage()));
            }
        }
        return new EventLog(events, bad);
    }

    /** The events as JSON Lines. */
    public String toJsonLines() {
        StringBuilder lines = new StringBuilder();
        events.forEach(event -> lines.append(CODEC.encodeToString(event)).append('\n'));
        return lines.toString();
    }

    /** Writes the events to {@code file} as JSON Lines. */
    public void write(Path file) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(toJsonLines());
        }
    }

    /**
     * A line that is not a valid event.
     *
     * @param line its number, from 1
     * @param problem what is wrong with it
     */
    public record BadLine(int line, String problem) {
    }
}
