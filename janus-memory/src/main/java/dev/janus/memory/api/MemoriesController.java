package dev.janus.memory.api;

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
import dev.janus.web.security.JanusPrincipal;
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
public class MemoriesController {

    /** User ids as events carry them: 1..128 letters, digits and {@code . _ : @ -}. */
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
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
    DeletedView forgetOne(@PathVariable String userId, @PathVariable String memoryId,
            HttpServletRequest request) {
        validUser(userId, request);
        if (!MEMORY_ID.matcher(memoryId).matches()) {
            throw new InvalidRequestException("invalid_memory_id", "memory ids look like 'fact-<uuid>' or "
                    + "'item-<uuid>' (see GET /api/v1/users/" + userId + "/memories), but was '" + abbreviate(memoryId)
                    + "'");
        }
        String kind = memories.forget(userId, memoryId).orElseThrow(() -> new MemoryNotFoundException(
                "memory_not_found", "user '" + userId + "' has no memory '" + memoryId
                        + "'; GET /api/v1/users/" + userId + "/memories lists the ids"));
        return new DeletedView(memoryId, kind);
    }

    /** {@code POST /api/v1/users/{user_id}/memories/consolidation}: consolidates one user's memories now. */
    @PostMapping("/users/{userId}/memories/consolidation")
    ReportView consolidate(@PathVariable String userId, HttpServletRequest request) {
        validUser(userId, request);
        return ReportView.of(consolidation.runFor(userId));
    }

    /** {@code POST /api/v1/memories/consolidation}: consolidates every memory now. */
    @PostMapping("/memories/consolidation")
    ReportView consolidateAll(HttpServletRequest request) {
        if (!JanusPrincipal.of(request).isAdmin()) {
            throw new ForbiddenException("consolidating every user's memories needs the admin role");
        }
        return ReportView.of(consolidation.runAll());
    }

    /** A valid user id whose memories the caller may see: its own (user id = principal) or any, for an admin. */
    private static void validUser(String userId, HttpServletRequest request) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new InvalidRequestException("invalid_user_id", "user_id must be 1..128 letters, digits and . _ : @ - "
                    + "starting with a letter or digit, but was '" + abbreviate(userId) + "'");
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

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
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
