package dev.janus.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.janus.bus.EventBus;
import dev.janus.bus.Subscription;
import dev.janus.events.AudioContent;
import dev.janus.events.EventCodec;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.ResponseDelta;
import dev.janus.events.SuggestionFeedback;
import dev.janus.events.VideoContent;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.delivery.Frame;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The client edge over real HTTP and WebSocket clients, on the in-memory bus. A scripted peer on
 * the bus stands in for the orchestrator and output: it answers "echo ..." messages and ignores
 * "silence".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1", "janus.input.max-text-chars=100",
                "janus.input.max-body-bytes=2048", "janus.input.voice.enabled=false", "janus.input.video.enabled=false" })
class InputIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    @Autowired
    ClientConnections connections;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private EventTestHarness harness;
    private Subscription responder;

    @BeforeEach
    void start() {
        harness = new EventTestHarness(bus);
        responder = bus.subscribe("input.message.received", "scripted-peer", event -> {
            String text = event.content(EventKeys.INPUT_MESSAGE_RECEIVED).text();
            if (text.startsWith("echo")) {
                FormattedResponse reply = new FormattedResponse("You said: " + text.substring(4).strip(), "chat",
                        "markdown", List.of());
                bus.publish(event.reply(EventKeys.ORCHESTRATOR_RESPONSE_READY, reply, "scripted-peer")).join();
                bus.publish(event.reply(EventKeys.OUTPUT_FORMATTING_COMPLETED, reply, "scripted-peer")).join();
            }
        });
    }

    @AfterEach
    void stop() {
        responder.cancel();
        harness.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private String openStream() throws Exception {
        return body(post("/api/v1/streams", "{\"session_type\":\"chat\",\"participants\":[\"ada\"]}"))
                .get("stream_id").stringValue();
    }

    private long messagesPublished() {
        // the bus's history records a publish before dispatching it, so no publish can still be on its way
        return ((dev.janus.bus.EventHistory) bus)
                .recentEvents(dev.janus.bus.EventPattern.of("input.message.received"), null, 10_000).size();
    }

    @Nested
    class Rest {

        @Test
        void opensAStreamAndAnnouncesIt() throws Exception {
            // when
            HttpResponse<String> response = post("/api/v1/streams",
                    "{\"session_type\":\"meeting\",\"participants\":[\"ada\",\"grace\"]}");

            // then
            assertThat(response.statusCode()).isEqualTo(201);
            String streamId = body(response).get("stream_id").stringValue();
            JanusEvent started = harness.awaitEvent(EventType.INPUT_STREAM_STARTED,
                    event -> event.streamId().equals(streamId), WAIT);
            assertThat(started.content(EventKeys.INPUT_STREAM_STARTED).participants()).containsExactly("ada", "grace");
            assertThat(body(response).get("session_type").stringValue()).isEqualTo("meeting");
        }

        @Test
        void acceptsAMessageAndPublishesIt() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> response = post("/api/v1/streams/" + streamId + "/messages",
                    "{\"text\":\"Hello, can you help me?\",\"user_id\":\"ada\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(202);
            String eventId = body(response).get("event_id").stringValue();
            JanusEvent published = harness.awaitEvent(EventType.INPUT_MESSAGE_RECEIVED,
                    event -> event.eventId().equals(eventId), WAIT);
            assertThat(published.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).isEqualTo("Hello, can you help me?");
            assertThat(published.context().userId()).isEqualTo("ada");
            assertThat(body(response).get("correlation_id").stringValue()).isEqualTo(published.correlationId());
        }

        @Test
        void startsAChatImplicitlyForAnUnknownStream() throws Exception {
            // when
            HttpResponse<String> response = post("/api/v1/streams/never-opened-1/messages", "{\"text\":\"hi\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(202);
            harness.awaitEvent(EventType.INPUT_STREAM_STARTED, event -> event.streamId().equals("never-opened-1"), WAIT);
        }

        @Test
        void waitsForTheReplyWhenAsked() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> response = post("/api/v1/streams/" + streamId + "/messages?wait=5",
                    "{\"text\":\"echo ping\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode reply = body(response);
            assertThat(reply.get("text").stringValue()).isEqualTo("You said: ping");
            assertThat(reply.get("events").isArray()).isTrue();
            assertThat(reply.get("events").findValuesAsString("event_type"))
                    .contains("input.message.received", "orchestrator.response.ready");
        }

        @Test
        void answersGatewayTimeoutWithTheCorrelationIdWhenNoReplyComes() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> response = post("/api/v1/streams/" + streamId + "/messages?wait=1",
                    "{\"text\":\"silence\"}");

            // then
            assertThat(response.statusCode()).isEqualTo(504);
            JsonNode error = body(response).get("error");
            assertThat(error.get("code").stringValue()).isEqualTo("reply_timeout");
            assertThat(error.get("correlation_id").stringValue()).isNotBlank();
        }

        @Test
        void keepsRepliesInTheOutboxForClientsThatWereAway() throws Exception {
            // given
            String streamId = openStream();
            post("/api/v1/streams/" + streamId + "/messages?wait=5", "{\"text\":\"echo one\"}");
            JsonNode first = body(get("/api/v1/streams/" + streamId + "/messages"));
            post("/api/v1/streams/" + streamId + "/messages?wait=5", "{\"text\":\"echo two\"}");

            // when
            JsonNode after = body(get("/api/v1/streams/" + streamId + "/messages?after="
                    + first.get("next_cursor").stringValue()));

            // then
            assertThat(first.get("messages").findValuesAsString("text")).containsExactly("You said: one");
            assertThat(after.get("messages").findValuesAsString("text")).containsExactly("You said: two");
        }

        @Test
        void listsTheStreamsEventHistory() throws Exception {
            // given
            String streamId = openStream();
            post("/api/v1/streams/" + streamId + "/messages?wait=5", "{\"text\":\"echo history\"}");

            // when
            JsonNode events = body(get("/api/v1/streams/" + streamId + "/events")).get("events");

            // then
            assertThat(events.findValuesAsString("event_type")).containsSubsequence("input.stream.started",
                    "input.message.received", "orchestrator.response.ready");
            assertThat(events.findValuesAsString("stream_id")).containsOnly(streamId);
        }

        @Test
        void pagesTheStreamsEventsByCursorAndListsAudioAndVideoByTheirSizeUnlessAskedForTheBytes() throws Exception {
            // given a conversation with a message, an audio chunk and a video frame
            String streamId = openStream();
            post("/api/v1/streams/" + streamId + "/messages?wait=5", "{\"text\":\"echo pages\"}");
            bus.publish(JanusEvent.create(EventKeys.INPUT_AUDIO_CHUNK, streamId,
                    new dev.janus.events.AudioContent(new byte[] { 1, 2, 3, 4, 5, 6 }, 16_000, 1, "pcm16", 0),
                    dev.janus.events.EventContext.from("janus-input"))).join();
            bus.publish(JanusEvent.create(EventKeys.INPUT_VIDEO_FRAME, streamId,
                    new dev.janus.events.VideoContent(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 9 },
                            "image/jpeg", 0), dev.janus.events.EventContext.from("janus-input"))).join();
            List<String> all = body(get("/api/v1/streams/" + streamId + "/events?after=0")).get("events")
                    .findValuesAsString("event_id");
            assertThat(all).hasSizeGreaterThanOrEqualTo(5);

            // when read two at a time from the start, following next_cursor
            List<String> paged = new java.util.ArrayList<>();
            List<Integer> sizes = new java.util.ArrayList<>();
            JsonNode page = body(get("/api/v1/streams/" + streamId + "/events?after=0&limit=2"));
            while (!page.get("events").isEmpty()) {
                sizes.add(page.get("events").size());
                paged.addAll(page.get("events").findValuesAsString("event_id"));
                page = body(get("/api/v1/streams/" + streamId + "/events?limit=2&after="
                        + page.get("next_cursor").stringValue()));
            }

            // then every event comes once, in order, in full pages but the last; without a cursor, the newest
            assertThat(paged).containsExactlyElementsOf(all);
            assertThat(sizes.subList(0, sizes.size() - 1)).containsOnly(2);
            assertThat(body(get("/api/v1/streams/" + streamId + "/events?limit=2")).get("events")
                    .findValuesAsString("event_id")).containsExactlyElementsOf(all.subList(all.size() - 2, all.size()));

            // and audio and video are listed by their size, their bytes only with include=binary
            JsonNode listed = body(get("/api/v1/streams/" + streamId + "/events?limit=2")).get("events");
            JsonNode withBytes = body(get("/api/v1/streams/" + streamId + "/events?limit=2&include=binary"))
                    .get("events");
            assertThat(listed.get(0).get("content").has("data")).isFalse();
            assertThat(listed.get(0).get("content").get("data_bytes").intValue()).isEqualTo(6);
            assertThat(listed.get(1).get("content").has("data")).isFalse();
            assertThat(listed.get(1).get("content").get("data_bytes").intValue()).isEqualTo(4);
            assertThat(withBytes.get(0).get("content").has("data_bytes")).isFalse();
            assertThat(java.util.Base64.getDecoder().decode(withBytes.get(0).get("content").get("data").stringValue()))
                    .containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(withBytes.get(1).get("content").get("data").stringValue()).isNotEmpty();
        }

        @Test
        void refusesAnUnknownIncludeAndACursorItNeverGave() throws Exception {
            String streamId = openStream();

            HttpResponse<String> include = get("/api/v1/streams/" + streamId + "/events?include=secrets");
            HttpResponse<String> cursor = get("/api/v1/streams/" + streamId + "/events?after=yesterday");

            assertThat(include.statusCode()).isEqualTo(400);
            assertThat(body(include).at("/error/code").stringValue()).isEqualTo("invalid_include");
            assertThat(cursor.statusCode()).isEqualTo(400);
            assertThat(body(cursor).at("/error/code").stringValue()).isEqualTo("invalid_cursor");
        }

        @Test
        void refusesACursorWithNumbersPastWhatACursorHolds() throws Exception {
            String streamId = openStream();

            // a number past 64 bits, and a Redis entry id on the in-memory bus, whose cursors are one number
            for (String after : List.of("99999999999999999999", "99999999999999999999-0", "1-99999999999999999999",
                    "1-0")) {
                HttpResponse<String> page = get("/api/v1/streams/" + streamId + "/events?limit=1&after=" + after);
                HttpResponse<String> lines = get("/api/v1/streams/" + streamId + "/events?format=jsonl&after=" + after);

                assertThat(page.statusCode()).as(after).isEqualTo(400);
                assertThat(body(page).at("/error/code").stringValue()).isEqualTo("invalid_cursor");
                assertThat(lines.statusCode()).as(after).isEqualTo(400);
            }
        }

        @Test
        void endsAStream() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response).get("state").stringValue()).isEqualTo("ended");
            harness.awaitEvent(EventType.INPUT_STREAM_ENDED, event -> event.streamId().equals(streamId), WAIT);
        }

        @Test
        void interruptsAStream() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> response = post("/api/v1/streams/" + streamId + "/interrupt", "");

            // then
            assertThat(response.statusCode()).isEqualTo(202);
            JanusEvent interrupted = harness.awaitEvent(EventType.INPUT_STREAM_INTERRUPTED,
                    event -> event.streamId().equals(streamId), WAIT);
            assertThat(interrupted.content(EventKeys.INPUT_STREAM_INTERRUPTED).reason()).isEqualTo("client");
            assertThat(body(response).get("event_id").stringValue()).isEqualTo(interrupted.eventId());
        }

        @Test
        void passesFeedbackOnASuggestionOnAndRefusesAnUnknownAnswer() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> dismissed = post("/api/v1/streams/" + streamId + "/suggestions/sug-7",
                    "{\"feedback\":\"dismissed\"}");
            HttpResponse<String> unknown = post("/api/v1/streams/" + streamId + "/suggestions/sug-7",
                    "{\"feedback\":\"maybe later\"}");

            // then
            assertThat(dismissed.statusCode()).isEqualTo(202);
            JanusEvent feedback = harness.awaitEvent(EventType.INPUT_SUGGESTION_FEEDBACK,
                    event -> event.streamId().equals(streamId), WAIT);
            assertThat(feedback.content(EventKeys.INPUT_SUGGESTION_FEEDBACK))
                    .isEqualTo(new SuggestionFeedback("sug-7", SuggestionFeedback.DISMISSED));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(body(unknown).get("error").get("message").stringValue())
                    .isEqualTo("feedback must be 'accepted' or 'dismissed', but was 'maybe later'");
            assertThat(post("/api/v1/streams/no-such-stream/suggestions/sug-7", "{\"feedback\":\"accepted\"}")
                    .statusCode()).isEqualTo(404);
        }

        @Test
        void exportsTheStreamsEventsAsJsonLines() throws Exception {
            // given
            String streamId = openStream();
            post("/api/v1/streams/" + streamId + "/messages?wait=5", "{\"text\":\"echo lines\"}");

            // when
            HttpResponse<String> response = get("/api/v1/streams/" + streamId + "/events?format=jsonl");

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/jsonl"));
            List<JanusEvent> events = response.body().lines().map(new dev.janus.events.EventCodec()::decode).toList();
            assertThat(events).extracting(JanusEvent::eventType).contains(EventType.INPUT_STREAM_STARTED,
                    EventType.INPUT_MESSAGE_RECEIVED, EventType.ORCHESTRATOR_RESPONSE_READY);
            assertThat(events).allSatisfy(event -> assertThat(event.streamId()).isEqualTo(streamId));
        }

        @Test
        void exportsTheEventsOfSeveralStreamsForAnAdmin() throws Exception {
            // given
            String first = openStream();
            String second = openStream();
            String third = openStream();

            // when
            HttpResponse<String> response = get("/api/v1/admin/events?stream_id=" + first + "&stream_id=" + second);
            HttpResponse<String> badRange = get("/api/v1/admin/events?from=yesterday");
            HttpResponse<String> once = get("/api/v1/admin/events?stream_id=" + first);
            HttpResponse<String> twice = get("/api/v1/admin/events?stream_id=" + first + "&stream_id=" + first);
            HttpResponse<String> tooMany = get("/api/v1/admin/events?stream_id=s0" + IntStream
                    .rangeClosed(1, 100).mapToObj(i -> "&stream_id=s" + i).collect(Collectors.joining()));

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            List<JanusEvent> events = response.body().lines().map(new dev.janus.events.EventCodec()::decode).toList();
            assertThat(events).extracting(JanusEvent::streamId).contains(first, second).doesNotContain(third);
            assertThat(events).extracting(JanusEvent::timestamp).isSorted();
            assertThat(badRange.statusCode()).isEqualTo(400);
            assertThat(body(badRange).get("error").get("code").stringValue()).isEqualTo("invalid_from");
            assertThat(twice.body()).as("a stream named twice is exported once").isEqualTo(once.body());
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(body(tooMany).get("error").get("message").stringValue())
                    .isEqualTo("an export names at most 100 streams (stream_id), but this one named 101; export them "
                            + "in several requests");
        }

        @Test
        void refusesToInterruptAnUnknownStream() throws Exception {
            // when
            HttpResponse<String> response = post("/api/v1/streams/no-such-stream/interrupt", "");

            // then
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(body(response).get("error").get("code").stringValue()).isEqualTo("stream_not_found");
        }

        @Test
        void streamsDeltasAsServerSentEvents() throws Exception {
            // given
            String streamId = openStream();
            HttpResponse<java.util.stream.Stream<String>> sse = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/responses")).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> sse.body().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            JanusEvent message = dev.janus.testkit.EventFixtures.textMessage(streamId, "tell me a story");

            // when
            bus.publish(message.reply(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(0, "Once upon"), "janus-llm"))
                    .join();

            // then
            String event = null;
            String data = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (data == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith("event:")) {
                    event = line.substring(6);
                }
                if (line != null && line.startsWith("data:")) {
                    data = line.substring(5);
                }
            }
            assertThat(event).isEqualTo("delta");
            JsonNode delta = json.readTree(data);
            assertThat(delta.get("type").stringValue()).isEqualTo("delta");
            assertThat(delta.get("correlation_id").stringValue()).isEqualTo(message.correlationId());
            assertThat(delta.get("sequence").intValue()).isZero();
            assertThat(delta.get("text").stringValue()).isEqualTo("Once upon");
        }

        @Test
        void streamsRepliesAsServerSentEvents() throws Exception {
            // given
            String streamId = openStream();
            HttpResponse<java.util.stream.Stream<String>> sse = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/responses")).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> sse.body().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();

            // when
            post("/api/v1/streams/" + streamId + "/messages", "{\"text\":\"echo over sse\"}");

            // then
            assertThat(sse.statusCode()).isEqualTo(200);
            String event = null;
            String data = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (data == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith("event:")) {
                    event = line.substring(6);
                }
                if (line != null && line.startsWith("data:")) {
                    data = line.substring(5);
                }
            }
            assertThat(event).isEqualTo("response");
            assertThat(json.readTree(data).get("text").stringValue()).isEqualTo("You said: over sse");
        }
    }

    @Nested
    class BadInput {

        /** Asserts the documented error body of a refusal; returns its {@code error} object. */
        private JsonNode refused(HttpResponse<String> response, int status, String code) {
            assertThat(response.statusCode()).isEqualTo(status);
            JsonNode error = body(response).get("error");
            assertThat(error.get("code").stringValue()).isEqualTo(code);
            return error;
        }

        @Test
        void refusesEmptyAndOversizedTextAndPublishesNothing() throws Exception {
            // given
            String streamId = openStream();
            long before = messagesPublished();

            // when
            HttpResponse<String> empty = post("/api/v1/streams/" + streamId + "/messages", "{\"text\":\"  \"}");
            HttpResponse<String> missing = post("/api/v1/streams/" + streamId + "/messages", "{}");
            HttpResponse<String> tooLong = post("/api/v1/streams/" + streamId + "/messages",
                    "{\"text\":\"" + "x".repeat(101) + "\"}");

            // then
            refused(empty, 400, "text_empty");
            assertThat(body(missing).get("error").get("code").stringValue()).isEqualTo("text_empty");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(body(tooLong).get("error").get("message").stringValue())
                    .isEqualTo("text must be at most 100 characters (janus.input.max-text-chars), but was 101");
            assertThat(messagesPublished()).isEqualTo(before);
        }

        @Test
        void refusesBodiesThatAreNotJsonInUtf8() throws Exception {
            // given
            String streamId = openStream();
            long before = messagesPublished();

            // when
            HttpResponse<String> notJson = post("/api/v1/streams/" + streamId + "/messages", "{\"text\": nope");
            HttpResponse<String> notUtf8 = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            new byte[] { '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + streamId + "/messages"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());

            // then
            refused(notJson, 400, "invalid_json");
            refused(notUtf8, 400, "invalid_json");
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(messagesPublished()).isEqualTo(before);
        }

        @Test
        void refusesValuesThatAreNotStringsNamingTheField() throws Exception {
            // given
            String streamId = openStream();
            long before = messagesPublished();

            // when
            HttpResponse<String> number = post("/api/v1/streams/" + streamId + "/messages", "{\"text\":12345}");
            HttpResponse<String> array = post("/api/v1/streams/" + streamId + "/messages", "{\"text\":[\"a\"]}");
            HttpResponse<String> user = post("/api/v1/streams/" + streamId + "/messages",
                    "{\"text\":\"hi\",\"user_id\":5}");

            // then
            for (HttpResponse<String> response : List.of(number, array)) {
                assertThat(refused(response, 400, "invalid_field").get("message").stringValue())
                        .startsWith("text must be a string");
            }
            assertThat(user.statusCode()).isEqualTo(400);
            assertThat(body(user).get("error").get("message").stringValue()).startsWith("user_id must be a string");
            assertThat(messagesPublished()).isEqualTo(before);
        }

        @ParameterizedTest
        @ValueSource(strings = { "\u200B\u200B", "\uFEFF", "\u00A0 \u00A0", "\u2060\u200D\n" })
        void refusesTextOfInvisibleCharactersOnlyAsEmpty(String invisible) throws Exception {
            // given
            String streamId = openStream();
            long before = messagesPublished();

            // when
            HttpResponse<String> response = post("/api/v1/streams/" + streamId + "/messages",
                    json.writeValueAsString(Map.of("text", invisible)));

            // then
            refused(response, 400, "text_empty");
            assertThat(messagesPublished()).isEqualTo(before);
        }

        @Test
        void explainsAMissingBodyAWrongContentTypeAndABadLimitWithoutInternals() throws Exception {
            // when
            HttpResponse<String> noBody = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/s/messages"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/s/messages"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> badLimit = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/admin/events?limit=abc")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            refused(noBody, 400, "invalid_body");
            assertThat(body(noBody).get("error").get("message").stringValue())
                    .isEqualTo("the request needs a JSON body like {\"text\":…,\"user_id\":…}");
            refused(plain, 415, "unsupported_media_type");
            assertThat(body(plain).get("error").get("message").stringValue()).contains("application/json")
                    .contains("text/plain");
            assertThat(badLimit.statusCode()).isEqualTo(400);
            assertThat(body(badLimit).get("error").get("message").stringValue())
                    .isEqualTo("limit must be a whole number from 1 to 100000, but was 'abc'");
            for (HttpResponse<String> response : List.of(noBody, plain, badLimit)) {
                assertThat(response.body()).doesNotContain("dev.janus", "java.", "DeferredResult");
            }
        }

        @Test
        void refusesBodiesOverTheSizeLimit() throws Exception {
            // when
            HttpResponse<String> response = post("/api/v1/streams/s/messages", "{\"text\":\"" + "x".repeat(4000) + "\"}");

            // then
            refused(response, 413, "payload_too_large");
        }

        @Test
        void explainsBadParameters() throws Exception {
            HttpResponse<String> badType = post("/api/v1/streams", "{\"session_type\":\"party\"}");
            HttpResponse<String> badWait = post("/api/v1/streams/s/messages?wait=9999", "{\"text\":\"hi\"}");
            HttpResponse<String> badStream = post("/api/v1/streams/has%20space/messages", "{\"text\":\"hi\"}");
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams/nope")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(body(badType).get("error").get("message").stringValue())
                    .isEqualTo("session_type must be one of chat, meeting, call, but was 'party'");
            refused(badWait, 400, "invalid_wait");
            assertThat(badStream.statusCode()).isEqualTo(400);
            assertThat(body(badStream).get("error").get("message").stringValue()).startsWith("stream_id must be");
            refused(unknown, 404, "stream_not_found");
        }
    }

    @Nested
    class Chat {

        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

        /** Connects, and waits until the server has set the socket up (it answers a frame only after that). */
        private WebSocket connect(String query) throws InterruptedException {
            WebSocket socket = connectOnly(query);
            socket.sendText("{\"type\":\"hello\"}", true).join();
            nextFrame("error");
            return socket;
        }

        private WebSocket connectOnly(String query) {
            return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?" + query),
                    new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                frames.add(partial.toString());
                                partial.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).join();
        }

        private JsonNode nextFrame(String type) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame != null && json.readTree(frame).get("type").stringValue().equals(type)) {
                    return json.readTree(frame);
                }
            }
            throw new AssertionError("no '" + type + "' frame arrived");
        }

        @Test
        void aClientThatStopsReadingIsClosedOnceTooMuchWaitsForIt() throws Exception {
            // given a socket that stops reading once the server has set it up (its first frame, the answer to a
            // hello): a stalled client
            String streamId = openStream();
            CompletableFuture<Void> setUp = new CompletableFuture<>();
            CompletableFuture<Integer> closedWith = new CompletableFuture<>();
            WebSocket stalled = http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=" + streamId), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            if (setUp.isDone()) {
                                socket.request(1);
                            }
                            // else asks for nothing more: the client reads nothing, and the server's sends back up
                            setUp.complete(null);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                            closedWith.complete(statusCode);
                            return null;
                        }
                    }).join();
            stalled.sendText("{\"type\":\"hello\"}", true).join();
            setUp.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // when two threads push 20 MB each to the stream (more than the connection's buffers hold): one gets
            // stuck in a send to the stalled client, the other's frames pile up for it past the socket's limit
            String text = "x".repeat(64 * 1024);
            ExecutorService pushers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> pushes = new ArrayList<>();
                for (int thread = 0; thread < 2; thread++) {
                    pushes.add(pushers.submit(() -> {
                        for (int i = 0; i < 320; i++) {
                            connections.push(streamId, new Frame.Delta("slow-client", i, text));
                        }
                    }));
                }
                await().atMost(WAIT).until(() -> pushes.stream().anyMatch(Future::isDone));
                stalled.request(Long.MAX_VALUE);

                // then the pushes all went through (none failed on the socket), and the client, reading again,
                // finds itself closed as unreliable (4500) rather than kept open and skipped
                for (Future<?> push : pushes) {
                    push.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                assertThat(closedWith.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4500);
            }
            finally {
                pushers.shutdownNow();
            }
        }

        @Test
        void sendsAMessageAndReceivesTheReply() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId + "&user_id=ada");

            // when
            socket.sendText("{\"type\":\"message\",\"text\":\"echo over the socket\"}", true).join();

            // then
            JsonNode accepted = nextFrame("accepted");
            JsonNode response = nextFrame("response");
            assertThat(response.get("text").stringValue()).isEqualTo("You said: over the socket");
            assertThat(response.get("correlation_id").stringValue())
                    .isEqualTo(accepted.get("correlation_id").stringValue());
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        @Test
        void answersBadFramesWithErrorFramesAndStaysOpen() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId);
            long before = messagesPublished();

            // when / then
            socket.sendText("not json", true).join();
            assertThat(nextFrame("error").get("code").stringValue()).isEqualTo("invalid_json");
            socket.sendText("{\"type\":\"dance\"}", true).join();
            assertThat(nextFrame("error").get("code").stringValue()).isEqualTo("unknown_frame_type");
            socket.sendText("{\"type\":\"message\",\"text\":\"\"}", true).join();
            assertThat(nextFrame("error").get("code").stringValue()).isEqualTo("text_empty");
            socket.sendBinary(ByteBuffer.wrap(new byte[] { (byte) 0xFF, (byte) 0xFE }), true).join();
            assertThat(nextFrame("error").get("code").stringValue()).isEqualTo("invalid_utf8");
            assertThat(messagesPublished()).isEqualTo(before);

            socket.sendBinary(ByteBuffer.wrap("{\"type\":\"message\",\"text\":\"echo still here\"}"
                    .getBytes(StandardCharsets.UTF_8)), true).join();
            assertThat(nextFrame("response").get("text").stringValue()).isEqualTo("You said: still here");
        }

        @Test
        void refusesFrameFieldsThatAreNotStringsNamingTheField() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId);
            long before = messagesPublished();

            // when / then
            socket.sendText("{\"type\":\"message\",\"text\":12}", true).join();
            JsonNode number = nextFrame("error");
            assertThat(number.get("code").stringValue()).isEqualTo("invalid_field");
            assertThat(number.get("message").stringValue()).startsWith("text must be a string");
            socket.sendText("{\"type\":\"message\",\"text\":\"hi\",\"user_id\":5}", true).join();
            assertThat(nextFrame("error").get("message").stringValue()).startsWith("user_id must be a string");
            socket.sendText("{\"type\":\"message\",\"text\":\"\u200B\"}", true).join();
            assertThat(nextFrame("error").get("code").stringValue()).isEqualTo("text_empty");
            assertThat(messagesPublished()).isEqualTo(before);
        }

        @Test
        void forwardsReplyDeltasAsDeltaFrames() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId);
            JanusEvent message = dev.janus.testkit.EventFixtures.textMessage(streamId, "tell me a story");

            // when: the LLM component streams two pieces
            bus.publish(message.reply(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(0, "Once upon"), "janus-llm"))
                    .join();
            bus.publish(message.reply(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(1, " a time"), "janus-llm"))
                    .join();

            // then
            JsonNode first = nextFrame("delta");
            JsonNode second = nextFrame("delta");
            assertThat(first.get("correlation_id").stringValue()).isEqualTo(message.correlationId());
            assertThat(first.get("sequence").intValue()).isZero();
            assertThat(first.get("text").stringValue() + second.get("text").stringValue()).isEqualTo("Once upon a time");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        @Test
        void forwardsSuggestionsAndTakesFeedbackOnThem() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId + "&user_id=ada");
            JanusEvent message = dev.janus.testkit.EventFixtures.textMessage(streamId, "where are my keys?");

            // when proactive makes a suggestion, and the client dismisses it
            bus.publish(message.reply(EventKeys.PROACTIVE_SUGGESTION_READY, new ProactiveSuggestion("sug-1",
                    "repeated_question", "You asked this 3 times.", List.of(message.eventId())), "janus-proactive"))
                    .join();
            JsonNode suggestion = nextFrame("suggestion");
            socket.sendText("{\"type\":\"feedback\",\"suggestion_id\":\"sug-1\",\"feedback\":\"dismissed\"}",
                    true).join();

            // then
            assertThat(suggestion.get("id").stringValue()).isEqualTo("sug-1");
            assertThat(suggestion.get("kind").stringValue()).isEqualTo("repeated_question");
            assertThat(suggestion.get("text").stringValue()).isEqualTo("You asked this 3 times.");
            JanusEvent feedback = harness.awaitEvent(EventType.INPUT_SUGGESTION_FEEDBACK,
                    event -> event.streamId().equals(streamId), WAIT);
            assertThat(feedback.content(EventKeys.INPUT_SUGGESTION_FEEDBACK).feedback()).isEqualTo("dismissed");
            assertThat(feedback.context().userId()).isEqualTo("ada");
            assertThat(nextFrame("accepted").get("event_id").stringValue()).isEqualTo(feedback.eventId());
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        @Test
        void anInterruptFramePublishesTheInterruption() throws Exception {
            // given
            String streamId = openStream();
            WebSocket socket = connect("stream_id=" + streamId);

            // when
            socket.sendText("{\"type\":\"interrupt\"}", true).join();

            // then
            JsonNode accepted = nextFrame("interrupted");
            JanusEvent interrupted = harness.awaitEvent(EventType.INPUT_STREAM_INTERRUPTED,
                    event -> event.streamId().equals(streamId), WAIT);
            assertThat(interrupted.content(EventKeys.INPUT_STREAM_INTERRUPTED).reason()).isEqualTo("client");
            assertThat(accepted.get("event_id").stringValue()).isEqualTo(interrupted.eventId());
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        @Test
        void refusesAConnectionWithoutAStreamBeforeItOpens() {
            assertThatThrownBy(() -> connectOnly("user_id=ada")).hasStackTraceContaining("status code 400");
        }
    }

    /** Without API keys (this context's mode): every loopback caller is the local principal. */
    @Nested
    class Loopback {

        @Test
        void aMessageWithoutAUserIdIsTheLocalUsers() throws Exception {
            // given
            String streamId = openStream();

            // when
            HttpResponse<String> accepted = post("/api/v1/streams/" + streamId + "/messages", "{\"text\":\"whose?\"}");

            // then: janus.security.local-user, by default "local"
            assertThat(accepted.statusCode()).isEqualTo(202);
            JanusEvent published = harness.awaitEvent(EventType.INPUT_MESSAGE_RECEIVED,
                    event -> event.eventId().equals(body(accepted).get("event_id").stringValue()), WAIT);
            assertThat(published.context().userId()).isEqualTo("local");
        }

        @Test
        void aBrowserHandshakeFromAForeignOriginIsRefusedAndFromJanusOwnAccepted() throws Exception {
            String streamId = openStream();
            URI chat = URI.create("ws://127.0.0.1:" + port + "/ws/chat?stream_id=" + streamId);

            assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", "http://evil.example")
                    .buildAsync(chat, new WebSocket.Listener() {
                    }).join()).hasStackTraceContaining("status code 403");
            WebSocket own = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(chat, new WebSocket.Listener() {
                    }).join();
            own.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
