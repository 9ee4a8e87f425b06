package dev.janus.memory.api;

import static dev.janus.events.Abbreviation.abbreviate;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.re2j.Pattern;
import dev.janus.events.ConsolidationReport;
import dev.janus.memory.UserMemories;
import dev.janus.memory.consolidation.Consolidation;
import dev.janus.memory.facts.StoredFact;
import dev.janus.memory.recall.RecallItem;
import dev.janus.web.openapi.ErrorResponse;
import dev.janus.web.security.JanusPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's memories over REST: {@code GET /api/v1/users/{user_id}/memories} (facts with provenance, current and
 * superseded, and recallable items), {@code DELETE /api/v1/users/{user_id}/memories} (forget the user entirely),
 * {@code DELETE /api/v1/users/{user_id}/memories/{id}} (one fact or item), and consolidation on demand:
 * {@code POST /api/v1/users/{user_id}/memories/consolidation} and {@code POST /api/v1/memories/consolidation} (admin).
 * A principal sees the memories of the user with its own name; an admin sees every user's.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Memories", description = "What Janus remembers about a user, and forgetting it")
public class MemoriesController {

    /**
     * User ids as events carry them: 1..128 letters, digits and {@code . _ : @ - ~} ({@code ~} joins a meeting's owner
     * and a participant it speaks for, {@code bob~alice}: see {@code JanusPrincipal.participantUser}).
     */
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@~-]{0,127}");
    static final Pattern MEMORY_ID = Pattern.compile("(?:fact|item)-[0-9a-f-]{36}");
    static final int MAX_ITEMS = 1_000;

    private final UserMemories memories;
    private final Consolidation consolidation;

    public MemoriesController(UserMemories memories, Consolidation consolidation) {
        this.memories = memories;
        this.consolidation = consolidation;
    }

    /** {@code GET /api/v1/users/{user_id}/memories?items=<n>}: facts and up to {@code n} (default 100) newest items. */
    @GetMapping("/users/{userId}/memories")
    @Operation(operationId = "listMemories", summary = "List a user's memories",
            description = "The user's facts (current and superseded, with "
            + "provenance) and up to items recallable items, newest first. A principal sees its own user's; an admin "
            + "anyone's.")
    @ApiResponse(responseCode = "200", description = "the memories", content = @Content(
            schema = @Schema(implementation = MemoriesView.class), examples = @ExampleObject(value = """
                    {"user_id":"ada","facts":[{"id":"fact-5f0c7b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f","subject":"ada",\
                    "attribute":"name","value":"Ada","provenance":["6f1c2a7e-5b7d-4c1e-9a53-1f0e2d3c4b5a"],\
                    "at":"2026-11-27T13:00:00Z","status":"current"}],"items":[{"id":\
                    "item-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","stream_id":"chat-42","role":"user",\
                    "text":"My name is Ada.","source_event_id":"6f1c2a7e-5b7d-4c1e-9a53-1f0e2d3c4b5a",\
                    "at":"2026-11-27T13:00:00Z"}],"item_count":1,"streams":["chat-42"]}""")))
    @ErrorResponse(status = 400, code = "invalid_user_id", message = "user_id must be 1..128 letters, digits and "
            + ". _ : @ - starting with a letter or digit, but was '-'")
    @ErrorResponse(status = 400, code = "invalid_parameter", message = "items must be 0..1000, but was 5000")
    @ErrorResponse(status = 403, code = "forbidden", message = "principal 'bob' may only see its own memories (user "
            + "'bob'), not those of 'ada'")
    @ErrorResponse(status = 404, code = "user_not_found", message = "no memories of user 'ada': nothing was learned "
            + "from them, or they were forgotten")
    MemoriesView list(@PathVariable String userId, @RequestParam(name = "items", defaultValue = "100") int items,
            HttpServletRequest request) {
        validUser(userId, request);
        if (items < 0 || items > MAX_ITEMS) {
            throw new InvalidRequestException("invalid_parameter", "items must be 0.." + MAX_ITEMS + ", but was "
                    + items);
        }
        UserMemories.Snapshot snapshot = memories.of(userId);
        if (snapshot.isEmpty()) {
            throw noMemories(userId);
        }
        List<FactView> facts = snapshot.facts().stream().map(FactView::of).toList();
        List<ItemView> shown = snapshot.items().stream().limit(items).map(ItemView::of).toList();
        return new MemoriesView(userId, facts, shown, snapshot.items().size(), snapshot.streams());
    }

    /** {@code DELETE /api/v1/users/{user_id}/memories}: forgets the user entirely. */
    @DeleteMapping("/users/{userId}/memories")
    @Operation(operationId = "forgetUser", summary = "Forget a user",
            description = "Removes everything memory holds about the user, their "
            + "events from their conversations and the dead-letter queue, and publishes memory.user.erased; the bus "
            + "refuses the user's earlier events from then on.")
    @ApiResponse(responseCode = "200", description = "what was removed", content = @Content(
            schema = @Schema(implementation = ForgottenView.class)))
    @ErrorResponse(status = 400, code = "invalid_user_id", message = "user_id must be 1..128 letters, digits and "
            + ". _ : @ - starting with a letter or digit, but was '-'")
    @ErrorResponse(status = 403, code = "forbidden", message = "principal 'bob' may only see its own memories (user "
            + "'bob'), not those of 'ada'")
    @ErrorResponse(status = 404, code = "user_not_found", message = "no memories of user 'ada': nothing was learned "
            + "from them, or they were forgotten")
    ForgottenView forget(@PathVariable String userId, HttpServletRequest request) {
        validUser(userId, request);
        UserMemories.Forgotten forgotten = memories.forget(userId);
        if (forgotten.isEmpty()) {
            throw noMemories(userId);
        }
        return new ForgottenView(userId, forgotten.facts(), forgotten.historyItems(), forgotten.recallItems(),
                forgotten.streams(), forgotten.events(), forgotten.deadLetters(), forgotten.erasureEventId());
    }

    /** {@code DELETE /api/v1/users/{user_id}/memories/{id}}: forgets one fact or item. */
    @DeleteMapping("/users/{userId}/memories/{memoryId}")
    @Operation(operationId = "forgetMemory", summary = "Forget one memory",
            description = "One fact (fact-<uuid>) or recalled item (item-<uuid>).")
    @ApiResponse(responseCode = "200", description = "what was deleted", content = @Content(
            schema = @Schema(implementation = DeletedView.class), examples = @ExampleObject(
                    value = "{\"deleted\":\"fact-5f0c7b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f\",\"kind\":\"fact\"}")))
    @ErrorResponse(status = 400, code = "invalid_memory_id", message = "memory ids look like 'fact-<uuid>' or "
            + "'item-<uuid>' (see GET /api/v1/users/ada/memories), but was 'x'")
    @ErrorResponse(status = 403, code = "forbidden", message = "principal 'bob' may only see its own memories (user "
            + "'bob'), not those of 'ada'")
    @ErrorResponse(status = 404, code = "memory_not_found", message = "user 'ada' has no memory "
            + "'fact-5f0c7b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f'; GET /api/v1/users/ada/memories lists the ids")
    DeletedView forgetOne(@PathVariable String userId, @PathVariable String memoryId,
            HttpServletRequest request) {
        validUser(userId, request);
        if (!MEMORY_ID.matcher(memoryId).matches()) {
            throw new InvalidRequestException("invalid_memory_id", "memory ids look like 'fact-<uuid>' or "
                    + "'item-<uuid>' (see GET /api/v1/users/" + userId + "/memories), but was '"
                    + abbreviate(memoryId, 40) + "'");
        }
        String kind = memories.forget(userId, memoryId).orElseThrow(() -> new MemoryNotFoundException(
                "memory_not_found", "user '" + userId + "' has no memory '" + memoryId
                        + "'; GET /api/v1/users/" + userId + "/memories lists the ids"));
        return new DeletedView(memoryId, kind);
    }

    /** {@code POST /api/v1/users/{user_id}/memories/consolidation}: consolidates one user's memories now. */
    @PostMapping("/users/{userId}/memories/consolidation")
    @Operation(operationId = "consolidateUser", summary = "Consolidate a user's memories now",
            description = "Merges duplicate facts, summarises old "
            + "turns, expires items past retention.")
    @ApiResponse(responseCode = "200", description = "what consolidation did", content = @Content(
            schema = @Schema(implementation = ReportView.class)))
    @ErrorResponse(status = 403, code = "forbidden", message = "principal 'bob' may only see its own memories (user "
            + "'bob'), not those of 'ada'")
    ReportView consolidate(@PathVariable String userId, HttpServletRequest request) {
        validUser(userId, request);
        return ReportView.of(consolidation.runFor(userId));
    }

    /** {@code POST /api/v1/memories/consolidation}: consolidates every memory now. */
    @PostMapping("/memories/consolidation")
    @Operation(operationId = "consolidateAll", summary = "Consolidate every user's memories now (admin)")
    @ApiResponse(responseCode = "200", description = "what consolidation did", content = @Content(
            schema = @Schema(implementation = ReportView.class)))
    @ErrorResponse(status = 403, code = "forbidden", message = "consolidating every user's memories needs the admin "
            + "role")
    ReportView consolidateAll(HttpServletRequest request) {
        if (!JanusPrincipal.of(request).isAdmin()) {
            throw new ForbiddenException("consolidating every user's memories needs the admin role");
        }
        return ReportView.of(consolidation.runAll());
    }

    /** A valid user id whose memories the caller may see: its own (user id = principal) or any, for an admin. */
    private static void validUser(String userId, HttpServletRequest request) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new InvalidRequestException("invalid_user_id", "user_id must be 1..128 letters, digits and . _ : @ - ~ "
                    + "starting with a letter or digit, but was '" + abbreviate(userId, 40) + "'");
        }
        JanusPrincipal principal = JanusPrincipal.of(request);
        if (!principal.mayAccess(userId)) {
            throw new ForbiddenException("principal '" + principal.name() + "' may only see its own memories (user '"
                    + principal.name() + "'), not those of '" + userId + "'");
        }
    }

    private static MemoryNotFoundException noMemories(String userId) {
        return new MemoryNotFoundException("user_not_found", "no memories of user '" + userId
                + "': nothing was learned from them, or they were forgotten");
    }

    record MemoriesView(@JsonProperty("user_id") String userId, List<FactView> facts, List<ItemView> items,
            @JsonProperty("item_count") int itemCount, List<String> streams) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FactView(String id, String subject, String attribute, String value, List<String> provenance, Instant at,
            String status, @JsonProperty("superseded_by") @Nullable String supersededBy,
            @JsonProperty("superseded_at") @Nullable Instant supersededAt) {

        static FactView of(StoredFact stored) {
            var fact = stored.fact();
            return new FactView(fact.id(), fact.subject(), fact.attribute(), fact.value(), fact.provenance(),
                    fact.at(), stored.isCurrent() ? "current" : "superseded", stored.supersededBy(),
                    stored.supersededAt());
        }
    }

    record ItemView(String id, @JsonProperty("stream_id") String streamId, String role, String text,
            @JsonProperty("source_event_id") String sourceEventId, Instant at) {

        static ItemView of(RecallItem item) {
            return new ItemView(item.id(), item.streamId(), item.role(), item.text(), item.sourceEventId(), item.at());
        }
    }

    /**
     * What forgetting a user removed: memory's facts, history and recall items; on the bus, the user's events in
     * their conversations and their dead letters; the id of the {@code memory.user.erased} event on which tools drop
     * the user's reminders and call outcomes.
     */
    record ForgottenView(@JsonProperty("user_id") String userId, @JsonProperty("facts_deleted") int factsDeleted,
            @JsonProperty("history_items_deleted") int historyItemsDeleted,
            @JsonProperty("recall_items_deleted") int recallItemsDeleted, List<String> streams,
            @JsonProperty("events_deleted") int eventsDeleted,
            @JsonProperty("dead_letters_deleted") int deadLettersDeleted,
            @JsonProperty("erasure_event_id") String erasureEventId) {
    }

    record DeletedView(String deleted, String kind) {
    }

    record ReportView(@JsonProperty("facts_merged") int factsMerged,
            @JsonProperty("items_summarized") int itemsSummarized, @JsonProperty("items_expired") int itemsExpired) {

        static ReportView of(ConsolidationReport report) {
            return new ReportView(report.factsMerged(), report.itemsSummarized(), report.itemsExpired());
        }
    }
}
