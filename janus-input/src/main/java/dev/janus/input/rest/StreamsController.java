package dev.janus.input.rest;

import static dev.janus.events.Abbreviation.abbreviate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventLogContext;
import dev.janus.bus.InvalidCursorException;
import dev.janus.events.AudioContent;
import dev.janus.events.EventCodec;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.SessionType;
import dev.janus.events.VideoContent;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.Conversations;
import dev.janus.input.InputProperties;
import dev.janus.input.InputRejectedException;
import dev.janus.input.OpenSockets;
import dev.janus.input.StreamForbiddenException;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.delivery.Frame;
import dev.janus.input.delivery.Outbox;
import dev.janus.input.delivery.ReplyWaiters;
import dev.janus.input.session.ActiveSession;
import dev.janus.web.ApiError;
import dev.janus.web.openapi.ErrorResponse;
import dev.janus.web.security.JanusAuthentication;
import dev.janus.web.security.JanusPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Streams (conversations) and their messages, replies, outbox and events, over REST. */
@RestController
@RequestMapping(path = "/api/v1/streams", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Streams", description = "Conversations: open and end them, send messages, read replies and events")
public class StreamsController {

    private final Conversations conversations;
    private final ReplyWaiters waiters;
    private final ClientConnections connections;
    private final OpenSockets open;
    private final Outbox outbox;
    private final EventHistory history;
    private final InputProperties properties;
    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Cursors: a Redis entry id or a number, never anything longer. */
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,20}(-[0-9]{1,20})?");

    /** How long past its wait a {@code ?wait} request may stay open before the container's timeout answers it. */
    private static final Duration ASYNC_GRACE = Duration.ofSeconds(5);

    /** The media type of JSON Lines. */
    public static final String JSON_LINES = "application/jsonl";

    public StreamsController(Conversations conversations, ReplyWaiters waiters, ClientConnections connections,
            OpenSockets open, Outbox outbox, EventHistory history, InputProperties properties) {
        this.conversations = conversations;
        this.open = open;
        this.waiters = waiters;
        this.connections = connections;
        this.outbox = outbox;
        this.history = history;
        this.properties = properties;
    }

    /** {@code POST /api/v1/streams}: opens a session, owned by the caller's principal. */
    @PostMapping
    @Operation(operationId = "openStream", summary = "Open a stream",
            description = "Starts a session owned by the caller's principal and "
            + "publishes input.stream.started. Without a body it opens a chat.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    examples = @ExampleObject(value = "{\"session_type\":\"chat\",\"participants\":[\"ada\"]}"))))
    @ApiResponse(responseCode = "201", description = "the session", content = @Content(
            schema = @Schema(implementation = StreamView.class), examples = @ExampleObject(value = STREAM_EXAMPLE)))
    @ErrorResponse(status = 400, code = "invalid_session_type",
            message = "session_type must be one of chat, meeting, call, but was 'party'")
    @ErrorResponse(status = 400, code = "too_many_participants", message = "participants may list at most 100 user ids, but listed 101")
    ResponseEntity<StreamView> open(@RequestBody(required = false) @Nullable OpenStream request,
            HttpServletRequest http) {
        OpenStream body = request == null ? new OpenStream(null, null) : request;
        ActiveSession session = conversations.open(sessionType(body.sessionType()),
                body.participants() == null ? List.of() : body.participants(), Channels.REST, JanusPrincipal.of(http));
        return ResponseEntity.status(HttpStatus.CREATED).body(StreamView.of(session));
    }

    /** {@code DELETE /api/v1/streams/{stream_id}}: ends a session. */
    @DeleteMapping("/{streamId}")
    @Operation(operationId = "endStream", summary = "End a stream",
            description = "Ends the session and publishes input.stream.ended.")
    @ApiResponse(responseCode = "200", description = "the ended session", content = @Content(
            schema = @Schema(implementation = StreamView.class)))
    @OwnedStream
    ResponseEntity<StreamView> end(@PathVariable String streamId, HttpServletRequest http) {
        requireSession(streamId, http);
        ActiveSession ended = conversations.end(streamId, "closed")
                .orElseThrow(() -> new StreamNotFoundException(streamId));
        return ResponseEntity.ok(StreamView.of(ended.ended()));
    }

    /**
     * {@code POST /api/v1/streams/{stream_id}/messages}: accepts a message (202), or with
     * {@code ?wait=<seconds>} answers with the reply (200) or 504 {@code reply_timeout} when none came in time. The
     * request's asynchronous timeout follows its wait (plus a grace period), not the container's default (30 s
     * on Tomcat, or {@code spring.mvc.async.request-timeout}), so every wait up to {@code janus.input.max-wait} is
     * waited out and answered 504, never cut short.
     */
    @PostMapping(path = "/{streamId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendMessage", summary = "Send a message",
            description = "Publishes input.message.received; an unknown stream id "
            + "opens a chat session. Without wait it answers 202 at once; with wait=<seconds> (at most "
            + "janus.input.max-wait) it answers 200 with the reply once orchestrator.response.ready arrives, or 504 "
            + "reply_timeout with the correlation id (the reply still lands in the outbox).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = PostMessage.class),
                    examples = @ExampleObject(value = "{\"text\":\"what is 17 * 23?\",\"user_id\":\"ada\"}"))))
    @ApiResponse(responseCode = "202", description = "accepted (without wait)", content = @Content(
            schema = @Schema(implementation = Accepted.class), examples = @ExampleObject(value = "{\"event_id\":"
                    + "\"6f1c2a7e-5b7d-4c1e-9a53-1f0e2d3c4b5a\","
                    + "\"correlation_id\":\"6f1c2a7e-5b7d-4c1e-9a53-1f0e2d3c4b5a\"}")))
    @ApiResponse(responseCode = "200", description = "the reply (with wait)", content = @Content(
            schema = @Schema(implementation = ReplyView.class), examples = @ExampleObject(value = "{\"correlation_id\":"
                    + "\"6f1c2a7e-5b7d-4c1e-9a53-1f0e2d3c4b5a\",\"text\":\"17 * 23 = 391\",\"tool_results\":[{"
                    + "\"call_id\":\"call-1\",\"tool_name\":\"calculator\",\"output\":\"17 * 23 = 391\","
                    + "\"duration_ms\":2}],\"events\":[]}")))
    @ErrorResponse(status = 400, code = "text_empty", message = "text must not be empty; send {\"text\": \"...\"}")
    @ErrorResponse(status = 400, code = "text_too_long",
            message = "text must be at most 16000 characters, but was 20000")
    @ErrorResponse(status = 400, code = "invalid_json", message = "request body must be a JSON object in UTF-8")
    @ErrorResponse(status = 400, code = "invalid_wait", message = "wait must be 0..120 seconds (janus.input.max-wait), "
            + "but was 600")
    @ErrorResponse(status = 400, code = "invalid_stream_id", message = "stream_id must be 1..128 letters, digits and "
            + ". _ : - starting with a letter or digit")
    @ErrorResponse(status = 403, code = "forbidden", message = "stream 'chat-42' belongs to another principal")
    @ErrorResponse(status = 403, code = "user_mismatch", message = "principal 'alice' may only send as user 'alice', "
            + "not 'bob'")
    @ErrorResponse(status = 413, code = "payload_too_large", message = "the body is larger than 262144 bytes "
            + "(janus.input.max-body-bytes)")
    @ErrorResponse(status = 415, code = "unsupported_media_type", message = "send the body as application/json, not "
            + "text/plain")
    @ErrorResponse(status = 429, code = "too_many_connections", message = "principal holds its most connections "
            + "(janus.input.max-sockets-per-principal=32); close one first")
    @ErrorResponse(status = 503, code = "bus_unavailable", message = "the event bus is unavailable; retry later")
    @ErrorResponse(status = 503, code = "too_many_connections", message = "this node holds its most connections "
            + "(janus.input.max-sockets=2000); try again later")
    @ErrorResponse(status = 504, code = "reply_timeout", message = "no reply within 10 s; the message was accepted and "
            + "the reply will appear in GET /api/v1/streams/chat-42/messages")
    DeferredResult<ResponseEntity<?>> post(@PathVariable String streamId, @RequestBody PostMessage message,
            @Parameter(description = "seconds to wait for the reply (0..janus.input.max-wait)", example = "10")
            @RequestParam(name = "wait", required = false) @Nullable Integer waitSeconds, HttpServletRequest http) {
        Duration wait = waitFor(waitSeconds);
        JanusPrincipal principal = JanusPrincipal.of(http);
        if (wait.isZero()) {
            JanusEvent accepted = logged(conversations.accept(streamId, message.text(), message.userId(), Channels.REST,
                    principal, event -> { }));
            DeferredResult<ResponseEntity<?>> result = new DeferredResult<>();
            result.setResult(ResponseEntity.accepted().body(new Accepted(accepted.eventId(), accepted.correlationId())));
            return result;
        }
        // a request that waits holds its connection as a socket does, and counts as one until it is answered
        Runnable held = open.hold(principal);
        AtomicReference<@Nullable JanusEvent> waiting = new AtomicReference<>();
        AtomicReference<CompletableFuture<JanusEvent>> reply = new AtomicReference<>();
        JanusEvent accepted;
        CompletableFuture<JanusEvent> replied;
        try {
            accepted = logged(conversations.accept(streamId, message.text(), message.userId(), Channels.REST,
                    principal, event -> {
                        waiting.set(event);
                        reply.set(waiters.register(event.correlationId()));
                    }));
            replied = Objects.requireNonNull(reply.get(), "accept registers the waiter before it returns");
        }
        catch (RuntimeException e) {
            // the bus refused the message, or recording it in its session failed after it was published: either way
            // this request answers with the error now, so nothing is left waiting for the reply here
            JanusEvent unpublished = waiting.get();
            if (unpublished != null) {
                waiters.forget(unpublished.correlationId());
            }
            held.run();
            throw e;
        }
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(wait.plus(ASYNC_GRACE).toMillis(), () -> {
            waiters.forget(accepted.correlationId());
            return replyTimeout(streamId, wait, accepted);
        });
        result.onCompletion(held);
        replied.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ready, failure) -> {
                    if (failure == null) {
                        try {
                            result.setResult(ResponseEntity.ok(reply(ready)));
                        }
                        catch (RuntimeException e) {
                            // reading the reply's events failed (Redis gone, say): answered as any failure is
                            result.setErrorResult(e);
                        }
                        return;
                    }
                    waiters.forget(accepted.correlationId());
                    if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
                        result.setResult(replyTimeout(streamId, wait, accepted));
                    }
                    else {
                        result.setErrorResult(new IllegalStateException("waiting for the reply failed", failure));
                    }
                });
        return result;
    }

    private static ResponseEntity<?> replyTimeout(String streamId, Duration wait, JanusEvent accepted) {
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(new ApiError(new ApiError.Detail(
                "reply_timeout", "no reply within " + wait.toSeconds() + " s; the message was accepted"
                        + " and the reply will appear in GET /api/v1/streams/" + streamId + "/messages",
                accepted.correlationId())));
    }

    /** The accepted message's ids in the request's log lines (the request's filter removes them at its end). */
    private static JanusEvent logged(JanusEvent accepted) {
        MDC.put(EventLogContext.CORRELATION_ID, accepted.correlationId());
        MDC.put(EventLogContext.EVENT_ID, accepted.eventId());
        return accepted;
    }

    /**
     * {@code POST /api/v1/streams/{stream_id}/interrupt}: stops what Janus is generating for the stream
     * ({@code input.stream.interrupted}, reason {@code client}); 202, or 404 for an unknown stream.
     */
    @PostMapping("/{streamId}/interrupt")
    @Operation(operationId = "interrupt", summary = "Interrupt the reply",
            description = "Stops the reply being generated and the stream's "
            + "running tools: publishes input.stream.interrupted with reason client.")
    @ApiResponse(responseCode = "202", description = "the interruption was published", content = @Content(
            schema = @Schema(implementation = Interrupted.class)))
    @OwnedStream
    ResponseEntity<Interrupted> interrupt(@PathVariable String streamId, HttpServletRequest http) {
        requireSession(streamId, http);
        JanusEvent interrupted = conversations.interrupt(streamId, "client")
                .orElseThrow(() -> new StreamNotFoundException(streamId));
        return ResponseEntity.accepted().body(new Interrupted(interrupted.eventId()));
    }

    /**
     * {@code POST /api/v1/streams/{stream_id}/suggestions/{suggestion_id}} {@code {"feedback":"accepted|dismissed"}}:
     * the user's answer to a proactive suggestion ({@code input.suggestion.feedback}); 202, or 404 for an unknown
     * stream.
     */
    @PostMapping(path = "/{streamId}/suggestions/{suggestionId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "answerSuggestion", summary = "Answer a suggestion",
            description = "The user's feedback on a proactive suggestion: "
            + "publishes input.suggestion.feedback. A dismissal doubles the kind's cooldown for the user.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = Feedback.class),
                    examples = @ExampleObject(value = "{\"feedback\":\"accepted\"}"))))
    @ApiResponse(responseCode = "202", description = "the feedback was published", content = @Content(
            schema = @Schema(implementation = Interrupted.class)))
    @ErrorResponse(status = 400, code = "invalid_feedback", message = "feedback must be 'accepted' or 'dismissed', "
            + "but was 'maybe'")
    @OwnedStream
    ResponseEntity<Interrupted> feedback(@PathVariable String streamId, @PathVariable String suggestionId,
            @RequestBody Feedback body, HttpServletRequest http) {
        requireSession(streamId, http);
        JanusEvent event = conversations.feedback(streamId, suggestionId, body.feedback(),
                JanusPrincipal.of(http).name())
                .orElseThrow(() -> new StreamNotFoundException(streamId));
        return ResponseEntity.accepted().body(new Interrupted(event.eventId()));
    }

    /** {@code GET /api/v1/streams/{stream_id}/messages?after=<cursor>}: the outbox, oldest first. */
    @GetMapping("/{streamId}/messages")
    @Operation(operationId = "readOutbox", summary = "Read the outbox",
            description = "Every reply of the stream after the cursor, oldest first: "
            + "what a client that was not connected missed.")
    @ApiResponse(responseCode = "200", description = "the replies and the cursor of the next page", content = @Content(
            schema = @Schema(implementation = OutboxView.class)))
    @OwnedStream
    OutboxView messages(@PathVariable String streamId, @RequestParam(required = false) @Nullable String after,
            HttpServletRequest http) {
        requireReadable(streamId, http);
        List<Frame.Response> replies = outbox.after(streamId, after, properties.historyLimit());
        String next = replies.isEmpty() ? after : replies.get(replies.size() - 1).cursor();
        return new OutboxView(replies, next);
    }

    /**
     * {@code GET /api/v1/streams/{stream_id}/events}: the stream's events, oldest first — the newest {@code limit},
     * or with {@code after=<cursor>} the first {@code limit} after it ({@code after=0}: from the start) — and the
     * cursor of the next page. Audio and video events are listed without their bytes unless
     * {@code include=binary}.
     */
    @GetMapping("/{streamId}/events")
    @Operation(operationId = "readEvents", summary = "Read the stream's events",
            description = "The stream's events as on the wire, oldest "
            + "first: the newest limit, or with after the first limit after the cursor (after=0: from the start). "
            + "Audio and video come without their bytes (data_bytes says how many) unless include=binary. With "
            + "format=jsonl: whole events as JSON Lines (application/jsonl), the next cursor in the Janus-Next-Cursor "
            + "header.")
    @ApiResponse(responseCode = "200", description = "a page of events", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EventsView.class)),
            @Content(mediaType = JSON_LINES, schema = @Schema(type = "string",
                    description = "one JanusEvent per line (format=jsonl)")) })
    @Parameter(name = "format", in = ParameterIn.QUERY, schema = @Schema(allowableValues = "jsonl"),
            description = "jsonl: whole events as JSON Lines, audio and video with their bytes")
    @ErrorResponse(status = 400, code = "invalid_limit", message = "limit must be 1..1000, but was 0")
    @ErrorResponse(status = 400, code = "invalid_cursor", message = "after must be a next_cursor of an earlier page, "
            + "or 0 for the start, but was 'x'")
    @ErrorResponse(status = 400, code = "invalid_include", message = "include may only be 'binary' (audio and video "
            + "bytes in the listing), but was 'all'")
    @OwnedStream
    EventsView events(@PathVariable String streamId,
            @Parameter(description = "events per page (1..janus.input.history-limit)")
            @RequestParam(name = "limit", required = false) @Nullable Integer limit,
            @Parameter(description = "the next_cursor of the previous page, or 0 for the start")
            @RequestParam(name = "after", required = false) @Nullable String after,
            @Parameter(schema = @Schema(allowableValues = "binary"), description = "binary: audio and video with "
                    + "their bytes") @RequestParam(name = "include", required = false) @Nullable String include,
            HttpServletRequest http) {
        boolean binary = include != null && include.equals("binary");
        if (include != null && !binary) {
            throw new InputRejectedException("invalid_include", "include may only be 'binary' (audio and video bytes "
                    + "in the listing), but was '" + abbreviate(include, 40) + "'");
        }
        EventHistory.ConversationPage page = streamEvents(streamId, limit, after, http);
        return new EventsView(encode(page.events(), binary), page.nextCursor());
    }

    /**
     * {@code GET /api/v1/streams/{stream_id}/events?format=jsonl}: the same events as JSON Lines, one whole event
     * per line (audio and video with their bytes), as {@code replay} reads them.
     */
    @GetMapping(path = "/{streamId}/events", params = "format=jsonl", produces = JSON_LINES)
    @Operation(hidden = true) // documented with readEvents: one path, one operation
    ResponseEntity<String> eventLines(@PathVariable String streamId,
            @RequestParam(name = "limit", required = false) @Nullable Integer limit,
            @RequestParam(name = "after", required = false) @Nullable String after, HttpServletRequest http) {
        EventHistory.ConversationPage page = streamEvents(streamId, limit, after, http);
        String lines = page.events().stream().map(codec::encodeToString)
                .collect(Collectors.joining("\n", "", page.events().isEmpty() ? "" : "\n"));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.parseMediaType(JSON_LINES));
        if (page.nextCursor() != null) {
            response.header("Janus-Next-Cursor", page.nextCursor());
        }
        return response.body(lines);
    }

    private EventHistory.ConversationPage streamEvents(String streamId, @Nullable Integer limit,
            @Nullable String after, HttpServletRequest http) {
        requireReadable(streamId, http);
        int count = limit == null ? properties.historyLimit() : limit;
        if (count < 1 || count > properties.historyLimit()) {
            throw new InputRejectedException("invalid_limit",
                    "limit must be 1.." + properties.historyLimit() + ", but was " + count);
        }
        if (after != null && !CURSOR.matcher(after).matches()) {
            throw invalidCursor(after);
        }
        try {
            return history.conversation(streamId, after, count);
        }
        catch (InvalidCursorException e) {
            // of the form, but not one this bus's engine gives: a number past its range, or the other engine's form
            throw invalidCursor(Objects.requireNonNull(after, "only a given cursor is refused"));
        }
    }

    private static InputRejectedException invalidCursor(String after) {
        return new InputRejectedException("invalid_cursor", "after must be a next_cursor of an earlier page, or 0 "
                + "for the start, but was '" + abbreviate(after, 40) + "'");
    }

    /** The stream has a session the caller may use: 404 when it has none, 403 when it is another principal's. */
    private void requireSession(String streamId, HttpServletRequest http) {
        JanusPrincipal principal = JanusPrincipal.of(http);
        switch (conversations.access(streamId, principal)) {
            case FORBIDDEN -> throw new StreamForbiddenException(streamId, principal);
            case ABSENT -> throw new StreamNotFoundException(streamId);
            default -> {
            }
        }
    }

    /**
     * The caller may read the stream's history: its own stream (with a session or ended), any for an admin; a stream
     * nobody owns is unknown (404), except to an admin, who may read what a stream of an earlier version left.
     */
    private void requireReadable(String streamId, HttpServletRequest http) {
        JanusPrincipal principal = JanusPrincipal.of(http);
        Conversations.Access access = conversations.access(streamId, principal);
        if (access == Conversations.Access.FORBIDDEN) {
            throw new StreamForbiddenException(streamId, principal);
        }
        if (access == Conversations.Access.ABSENT && !principal.isAdmin()) {
            throw new StreamNotFoundException(streamId);
        }
    }

    /** {@code GET /api/v1/streams/{stream_id}/responses}: replies and progress as Server-Sent Events. */
    @GetMapping(path = "/{streamId}/responses", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "followResponses", summary = "Follow replies as Server-Sent Events",
            description = "Events delta, response, "
            + "tool_progress and suggestion, each with its frame (as on /ws/chat, see docs/asyncapi.yaml) as data. "
            + "Attaches to a stream the caller owns, or takes it now. Counts against the socket limits; ends with an "
            + "error event (code api_key_revoked) when the key is revoked. An empty comment line every "
            + "janus.input.heartbeat-interval finds out when the client has gone and frees its slot.")
    @ApiResponse(responseCode = "200", description = "an endless event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
            examples = @ExampleObject(value = "event: response\ndata: {\"type\":\"response\",\"correlation_id\":"
                    + "\"6f1c…\",\"text\":\"Hello!\",\"format\":\"markdown\",\"channel\":\"chat\","
                    + "\"tool_results\":[],\"cursor\":\"3\"}\n\n")))
    @ErrorResponse(status = 403, code = "forbidden", message = "stream 'chat-42' belongs to another principal")
    @ErrorResponse(status = 429, code = "too_many_connections", message = "principal holds its most connections "
            + "(janus.input.max-sockets-per-principal=32); close one first")
    @ErrorResponse(status = 503, code = "too_many_connections", message = "this node holds its most connections "
            + "(janus.input.max-sockets=2000); try again later")
    SseEmitter responses(@PathVariable String streamId, HttpServletRequest http) {
        // like a socket, the event stream attaches to a stream the caller owns or takes now, counts against the
        // socket limits, and ends when its key is revoked
        JanusPrincipal principal = JanusPrincipal.of(http);
        conversations.requireClaim(streamId, principal);
        SseEmitter emitter = new SseEmitter(properties.sessionIdleTimeout().toMillis());
        open.track(emitter, principal, keyHash());
        connections.add(streamId, emitter);
        try {
            // a first comment commits the response, so the client sees the stream open at once
            emitter.send(SseEmitter.event().comment("stream " + streamId));
        }
        catch (java.io.IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    /** The hash of the key the caller presented; absent without keys. */
    private static @Nullable String keyHash() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JanusAuthentication caller
                ? caller.keyHash() : null;
    }

    private ReplyView reply(JanusEvent ready) {
        FormattedResponse response = ready.content(EventKeys.ORCHESTRATOR_RESPONSE_READY);
        return new ReplyView(ready.correlationId(), response.text(), Frame.ToolResultView.of(response.toolResults()),
                encode(flow(ready)));
    }

    /**
     * The events of the reply's request flow, oldest first: they are the newest of its stream, so the newest
     * {@value #RECENT_FLOW} are read first, and more (a page, up to {@code history-limit}) only when they do not reach
     * back to the message that began the flow (its id is the correlation id).
     */
    private List<JanusEvent> flow(JanusEvent ready) {
        List<JanusEvent> recent = history.conversation(ready.streamId(), null, RECENT_FLOW).events();
        boolean whole = recent.size() < RECENT_FLOW
                || recent.stream().anyMatch(event -> event.eventId().equals(ready.correlationId()));
        List<JanusEvent> events = whole ? recent
                : history.conversation(ready.streamId(), null, properties.historyLimit()).events();
        return events.stream().filter(event -> event.correlationId().equals(ready.correlationId())).toList();
    }

    private Duration waitFor(@Nullable Integer seconds) {
        if (seconds == null || seconds == 0) {
            return Duration.ZERO;
        }
        if (seconds < 0 || seconds > properties.maxWait().toSeconds()) {
            throw new InputRejectedException("invalid_wait", "wait must be 0.." + properties.maxWait().toSeconds()
                    + " seconds (janus.input.max-wait), but was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private String encode(List<JanusEvent> events) {
        return encode(events, true);
    }

    /** The events as a JSON array; without {@code binary}, audio and video content lists its size, not its bytes. */
    private String encode(List<JanusEvent> events, boolean binary) {
        return events.stream().map(event -> binary ? codec.encodeToString(event) : withoutBytes(event))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private String withoutBytes(JanusEvent event) {
        int bytes;
        if (event.content() instanceof AudioContent audio) {
            bytes = audio.data().length;
        }
        else if (event.content() instanceof VideoContent video) {
            bytes = video.data().length;
        }
        else {
            return codec.encodeToString(event);
        }
        ObjectNode tree = (ObjectNode) json.readTree(codec.encodeToString(event));
        ObjectNode content = (ObjectNode) tree.get("content");
        content.remove("data");
        content.put("data_bytes", bytes);
        return json.writeValueAsString(tree);
    }

    private static SessionType sessionType(@Nullable String name) {
        if (name == null) {
            return SessionType.CHAT;
        }
        try {
            return SessionType.valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new InputRejectedException("invalid_session_type",
                    "session_type must be one of chat, meeting, call, but was '" + abbreviate(name, 40) + "'");
        }
    }

    /** How many of a stream's newest events a reply's flow is looked for in first. */
    private static final int RECENT_FLOW = 64;

    private static final String STREAM_EXAMPLE = "{\"stream_id\":\"chat-42\",\"session_type\":\"chat\","
            + "\"participants\":[\"ada\"],\"state\":\"active\",\"created_at\":\"2026-11-27T13:00:00Z\","
            + "\"last_activity\":\"2026-11-27T13:00:00Z\"}";

    /** Body of {@code POST /api/v1/streams}. */
    record OpenStream(@Schema(allowableValues = { "chat", "meeting", "call" }, defaultValue = "chat")
            @JsonProperty("session_type") @Nullable String sessionType, @Nullable List<String> participants) {
    }

    /** Body of {@code POST .../suggestions/{id}}. */
    record Feedback(@Schema(allowableValues = { "accepted", "dismissed" }, requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable String feedback) {
    }

    /** Body of {@code POST .../messages}. */
    record PostMessage(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 32768) @Nullable String text,
            @Schema(description = "the user the message is from; with keys, the caller's principal (an admin may "
                    + "name any user); by default the principal") @JsonProperty("user_id") @Nullable String userId) {
    }

    /** A session as clients see it. */
    record StreamView(@JsonProperty("stream_id") String streamId, @JsonProperty("session_type") SessionType sessionType,
            List<String> participants, String state, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_activity") Instant lastActivity) {

        static StreamView of(ActiveSession session) {
            return new StreamView(session.sessionId(), session.sessionType(), session.participants(),
                    session.state().name().toLowerCase(Locale.ROOT), session.createdAt(), session.lastActivity());
        }
    }

    /** An interruption was accepted. */
    record Interrupted(@JsonProperty("event_id") String eventId) {
    }

    /** A message was accepted. */
    record Accepted(@JsonProperty("event_id") String eventId, @JsonProperty("correlation_id") String correlationId) {
    }

    /** The reply to a message, with the events of its request flow. */
    record ReplyView(@JsonProperty("correlation_id") String correlationId, String text,
            @JsonProperty("tool_results") List<Frame.ToolResultView> toolResults,
            @Schema(implementation = Map[].class, description = "the events of the request flow, each a JanusEvent "
                    + "as on the wire (docs/events.md)")
            @JsonRawValue String events) {
    }

    /** A stream's outbox. */
    record OutboxView(List<Frame.Response> messages, @JsonProperty("next_cursor") @Nullable String nextCursor) {
    }

    /** A stream's events, as they are on the wire, and where the next page starts. */
    record EventsView(@Schema(implementation = Map[].class, description = "each a JanusEvent as on the wire "
            + "(docs/events.md)") @JsonRawValue String events,
            @JsonProperty("next_cursor") @Nullable String nextCursor) {
    }
}
