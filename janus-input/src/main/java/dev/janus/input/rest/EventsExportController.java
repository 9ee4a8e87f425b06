package dev.janus.input.rest;

import static dev.janus.events.Abbreviation.abbreviate;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import dev.janus.input.InputRejectedException;
import dev.janus.web.openapi.ErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/events?stream_id=…&stream_id=…&from=…&to=…&limit=…} (admin role): the events of many
 * streams, or of every stream in a time range, as JSON Lines in time order — the export {@code replay} reads. The
 * bus's history is what can be exported: the in-memory engine's last {@code janus.bus.memory.history-size} events,
 * or what Redis's trimmed streams retain. One export names at most {@value #MAX_STREAMS} streams and reads at most
 * {@link #MAX_EXPORT_BYTES} of JSON — the newest events that fit, of each stream in the order named — and returns
 * the newest {@code limit} of those within {@code from..to}, so that no request holds the whole history.
 */
@RestController
@Tag(name = "Administration", description = "Operators' routes (admin role)")
public class EventsExportController {

    /** The most events one export returns. */
    static final int MAX_EVENTS = 100_000;

    /** The most streams one export names. */
    static final int MAX_STREAMS = 100;

    /** The most JSON one export reads and returns: 64 MiB. */
    static final long MAX_EXPORT_BYTES = 64L * 1024 * 1024;

    private final EventHistory history;
    private final EventCodec codec = new EventCodec();

    public EventsExportController(EventHistory history) {
        this.history = history;
    }

    @GetMapping(path = "/api/v1/admin/events", produces = StreamsController.JSON_LINES)
    @Operation(operationId = "exportEvents", summary = "Export events",
            description = "The events of the streams named (stream_id, repeated), or "
            + "of all streams, within from..to, in time order, as JSON Lines: what replay reads.")
    @ApiResponse(responseCode = "200", description = "one JanusEvent per line", content = @Content(
            mediaType = StreamsController.JSON_LINES, schema = @Schema(type = "string")))
    @ErrorResponse(status = 400, code = "invalid_limit", message = "limit must be 1..100000, but was 0")
    @ErrorResponse(status = 400, code = "too_many_streams", message = "an export names at most 100 streams "
            + "(stream_id), but this one named 250; export them in several requests")
    @ErrorResponse(status = 400, code = "invalid_from", message = "from must be an ISO-8601 instant like "
            + "2026-11-27T12:00:00Z, but was 'yesterday'")
    void export(@RequestParam(name = "stream_id", required = false) @Nullable List<String> streamIds,
            @RequestParam(name = "from", required = false) @Nullable String from,
            @RequestParam(name = "to", required = false) @Nullable String to,
            @Parameter(description = "at most this many (default 10000)", schema = @Schema(type = "integer",
                    minimum = "1", maximum = "100000", defaultValue = "10000"))
            @RequestParam(name = "limit", defaultValue = "10000") int limit, HttpServletResponse response)
            throws IOException {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new InputRejectedException("invalid_limit", "limit must be 1.." + MAX_EVENTS + ", but was " + limit);
        }
        Set<String> streams = streamIds == null ? Set.of() : new LinkedHashSet<>(streamIds);
        if (streams.size() > MAX_STREAMS) {
            throw new InputRejectedException("too_many_streams", "an export names at most " + MAX_STREAMS
                    + " streams (stream_id), but this one named " + streams.size()
                    + "; export them in several requests");
        }
        Instant since = instant("from", from, Instant.MIN);
        Instant until = instant("to", to, Instant.MAX);
        List<Line> lines = new ArrayList<>();
        if (streams.isEmpty()) {
            history.recentEvents(EventPattern.ALL, null, limit, MAX_EXPORT_BYTES)
                    .forEach(event -> lines.add(Line.of(event, codec)));
        }
        else {
            long left = MAX_EXPORT_BYTES;
            for (String streamId : streams) {
                if (left <= 0) {
                    break;
                }
                for (JanusEvent event : history.recentEvents(EventPattern.ALL, streamId, limit, left)) {
                    Line line = Line.of(event, codec);
                    lines.add(line);
                    left -= line.json().length;
                }
            }
        }
        List<Line> newest = lines.stream()
                .filter(line -> !line.at().isBefore(since) && !line.at().isAfter(until))
                .sorted(Comparator.comparing(Line::at))
                .toList();
        List<Line> exported = newest.subList(Math.max(0, newest.size() - limit), newest.size());
        // written here rather than from an async StreamingResponseBody, whose time limit would cut a long export
        response.setContentType(StreamsController.JSON_LINES);
        OutputStream out = response.getOutputStream();
        for (Line line : exported) {
            out.write(line.json());
            out.write('\n');
        }
        if (exported.isEmpty()) {
            out.write('\n');
        }
    }

    /** An exported event: when it happened, and its JSON, encoded once. */
    private record Line(Instant at, byte[] json) {

        static Line of(JanusEvent event, EventCodec codec) {
            return new Line(event.timestamp(), codec.encode(event));
        }
    }

    private static Instant instant(String name, @Nullable String value, Instant absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new InputRejectedException("invalid_" + name, name + " must be an ISO-8601 instant like "
                    + "2026-11-27T12:00:00Z, but was '" + abbreviate(value, 40) + "'");
        }
    }
}
