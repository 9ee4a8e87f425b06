package dev.janus.web.deadletters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.janus.bus.DeadLetter;
import dev.janus.bus.DeadLetterQueue;
import dev.janus.events.Abbreviation;
import dev.janus.web.ApiError;
import dev.janus.web.openapi.ErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter queue for operators (admin role, enforced by the API-key filter): list with filters, inspect one
 * (its error, attempts, origin, earlier failures and the event), replay it to the consumer group that failed it, or
 * delete it.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/dlq", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Administration", description = "Operators' routes (admin role)")
public class DeadLettersController {

    /** The most dead letters one listing looks through, newest first, before filtering. */
    static final int SCAN = 10_000;

    private final DeadLetterQueue queue;
    private final JsonMapper json = JsonMapper.builder().build();

    public DeadLettersController(DeadLetterQueue queue) {
        this.queue = queue;
    }

    /**
     * {@code GET /api/v1/admin/dlq?event_type=&group=&since=&limit=}: dead letters, newest first, of one event type,
     * of one consumer group, dead-lettered since an ISO-8601 instant; at most {@code limit} (default 100, ≤ 1000).
     */
    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "List dead letters",
            description = "Newest first, filtered by event type, consumer group "
            + "and time; at most limit (default 100, at most 1000).")
    @ApiResponse(responseCode = "200", description = "the dead letters", content = @Content(
            schema = @Schema(implementation = Listing.class)))
    @ErrorResponse(status = 400, code = "invalid_limit", message = "limit must be 1..1000, but was 0")
    @ErrorResponse(status = 400, code = "invalid_since", message = "since must be an ISO-8601 instant like "
            + "2026-11-27T12:00:00Z, but was 'yesterday'")
    ResponseEntity<?> list(@RequestParam(name = "event_type", required = false) @Nullable String eventType,
            @RequestParam(name = "group", required = false) @Nullable String group,
            @RequestParam(name = "since", required = false) @Nullable String since,
            @Parameter(description = "at most this many (default 100)", schema = @Schema(type = "integer",
                    minimum = "1", maximum = "1000", defaultValue = "100"))
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1_000) {
            return bad("invalid_limit", "limit must be 1..1000, but was " + limit);
        }
        Instant after;
        try {
            after = since == null ? Instant.EPOCH : Instant.parse(since);
        }
        catch (DateTimeParseException e) {
            return bad("invalid_since", "since must be an ISO-8601 instant like 2026-11-27T12:00:00Z, but was '"
                    + since + "'");
        }
        List<Summary> letters = queue.deadLetters(SCAN).stream()
                .filter(letter -> eventType == null || eventType.equals(letter.eventType()))
                .filter(letter -> group == null || group.equals(letter.originGroup()))
                .filter(letter -> letter.failedAt().isAfter(after))
                .limit(limit)
                .map(Summary::of)
                .toList();
        return ResponseEntity.ok(new Listing(letters, queue.deadLetterCount()));
    }

    /** {@code GET /api/v1/admin/dlq/{id}}: one dead letter with its event. */
    @GetMapping("/{id}")
    @Operation(operationId = "inspectDeadLetter", summary = "Inspect a dead letter",
            description = "Its error, attempts, origin, earlier failures and "
            + "the event (raw_entry when the entry is not JSON).")
    @ApiResponse(responseCode = "200", description = "the dead letter", content = @Content(
            schema = @Schema(implementation = Inspected.class)))
    @ErrorResponse(status = 404, code = "dead_letter_not_found", message = "no dead letter '1732712400000-0' "
            + "(replayed or deleted already?); GET /api/v1/admin/dlq lists them")
    ResponseEntity<?> inspect(@PathVariable String id) {
        Optional<DeadLetter> letter = queue.deadLetter(id);
        if (letter.isEmpty()) {
            return notFound(id);
        }
        DeadLetter found = letter.get();
        String event = found.event();
        boolean isJson = isJson(event);
        return ResponseEntity.ok(new Inspected(Summary.of(found), isJson ? event : null, isJson ? null : event));
    }

    /** {@code POST /api/v1/admin/dlq/{id}/replay}: delivers the event again to the group that failed it. */
    @PostMapping("/{id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Replay a dead letter",
            description = "Delivers the event again to the consumer group that "
            + "failed it (only that group handles it).")
    @ApiResponse(responseCode = "202", description = "replayed", content = @Content(
            schema = @Schema(implementation = Replayed.class)))
    @ErrorResponse(status = 404, code = "dead_letter_not_found", message = "no dead letter '1732712400000-0' "
            + "(replayed or deleted already?); GET /api/v1/admin/dlq lists them")
    @ErrorResponse(status = 409, code = "not_replayable", message = "the dead letter holds no decodable event")
    ResponseEntity<?> replay(@PathVariable String id) {
        try {
            if (!queue.replay(id)) {
                return notFound(id);
            }
        }
        catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of("not_replayable", e.getMessage()));
        }
        return ResponseEntity.accepted().body(new Replayed(id));
    }

    /** {@code DELETE /api/v1/admin/dlq/{id}}. */
    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteDeadLetter", summary = "Delete a dead letter")
    @ApiResponse(responseCode = "204", description = "deleted", content = @Content)
    @ErrorResponse(status = 404, code = "dead_letter_not_found", message = "no dead letter '1732712400000-0' "
            + "(replayed or deleted already?); GET /api/v1/admin/dlq lists them")
    ResponseEntity<?> delete(@PathVariable String id) {
        return queue.delete(id) ? ResponseEntity.noContent().build() : notFound(id);
    }

    private boolean isJson(String text) {
        try {
            return json.readTree(text).isObject();
        }
        catch (JacksonException e) {
            return false;
        }
    }

    private static ResponseEntity<ApiError> notFound(String id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("dead_letter_not_found",
                "no dead letter '" + Abbreviation.abbreviate(id, 64)
                        + "' (replayed or deleted already?); GET /api/v1/admin/dlq lists them"));
    }

    private static ResponseEntity<ApiError> bad(String code, String message) {
        return ResponseEntity.badRequest().body(ApiError.of(code, message));
    }

    /** A page of dead letters and how many the queue holds. */
    @Schema(name = "DeadLetterList")
    record Listing(@JsonProperty("dead_letters") List<Summary> deadLetters, long total) {
    }

    /** A dead letter was delivered again. */
    record Replayed(String replayed) {
    }

    /** A dead letter as operators see it in a listing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DeadLetter")
    record Summary(String id, @JsonProperty("event_type") @Nullable String eventType,
            @JsonProperty("event_id") @Nullable String eventId, String error, int attempts,
            @JsonProperty("origin_stream") String originStream, @JsonProperty("origin_group") String originGroup,
            @JsonProperty("origin_id") @Nullable String originId, @JsonProperty("failed_at") Instant failedAt,
            List<String> history) {

        static Summary of(DeadLetter letter) {
            return new Summary(letter.id(), letter.eventType(), letter.eventId(), letter.error(), letter.attempts(),
                    letter.originStream(), letter.originGroup(), letter.originId(), letter.failedAt(),
                    letter.history());
        }
    }

    /** One dead letter with its event: as JSON when it is JSON, else the raw entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DeadLetterWithEvent")
    record Inspected(@com.fasterxml.jackson.annotation.JsonUnwrapped Summary letter,
            @Schema(types = "object", description = "the dead-lettered JanusEvent, when the entry is JSON")
            @JsonRawValue @Nullable String event, @JsonProperty("raw_entry") @Nullable String rawEntry) {
    }
}
