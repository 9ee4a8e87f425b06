package dev.janus.input.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import dev.janus.events.Utterance;
import dev.janus.input.video.LatestVideoFrames;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Voice and video over real WebSocket clients on the real input configuration (in-memory bus), with espeak-ng
 * speech streamed in 20 ms frames, transcription through a real HTTP server speaking the OpenAI format, and speech
 * out by espeak-ng. A scripted peer on the bus stands in for the orchestrator and output: it answers every voice
 * message, with a long reply on streams that ask for one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "janus.bus.type=memory", "server.address=127.0.0.1", "janus.input.voice.max-frame-bytes=4096",
                "janus.input.video.max-frames-per-second=1", "janus.input.voice.transcription.engine=openai",
                "janus.input.voice.transcription.openai.model=whisper-test" })
class VoiceIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TranscriptionServer TRANSCRIPTION = startServer();
    private static final String LONG_REPLY = "Here is a long answer that takes a while to say. It has several sentences "
            + "so that speaking it lasts many seconds. The user may well interrupt it before the end. If nobody does, "
            + "it goes on and on. This is the fifth sentence of it. And this is the very last one.";

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    @Autowired
    LatestVideoFrames latestFrames;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> longReplies = new ConcurrentHashMap<>();
    private EventTestHarness harness;
    private Subscription peer;

    private static TranscriptionServer startServer() {
        try {
            return new TranscriptionServer();
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void transcriptionServer(DynamicPropertyRegistry registry) {
        registry.add("janus.input.voice.transcription.openai.url", TRANSCRIPTION::url);
    }

    @AfterAll
    static void stopServer() {
        TRANSCRIPTION.close();
    }

    @BeforeEach
    void start() {
        TestSpeech.assumeInstalled();
        harness = new EventTestHarness(bus);
        peer = bus.subscribe("input.message.received", "scripted-peer", event -> {
            if (!"voice".equals(event.context().channel())) {
                return;
            }
            String text = longReplies.remove(event.streamId());
            text = text == null ? "Okay." : text;
            bus.publish(event.reply(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(0, text.substring(0, Math.min(10, text.length()))),
                    "scripted-peer")).join();
            FormattedResponse reply = new FormattedResponse(text, "voice", "plain", List.of());
            bus.publish(event.reply(EventKeys.ORCHESTRATOR_RESPONSE_READY, reply, "scripted-peer")).join();
            bus.publish(event.reply(EventKeys.OUTPUT_FORMATTING_COMPLETED, reply, "scripted-peer")).join();
        });
        TRANSCRIPTION.requests.clear();
    }

    @AfterEach
    void stop() {
        // nothing was started when the speech tools are missing (the test is skipped, not failed)
        if (peer != null) {
            peer.cancel();
            harness.close();
        }
    }

    private String stream() {
        return "voice-" + java.util.UUID.randomUUID();
    }

    private List<JanusEvent> events(EventType type, String streamId) {
        return ((EventHistory) bus).recentEvents(EventPattern.of(type.wireName()), streamId, 10_000);
    }

    private JanusEvent await(EventType type, String streamId, java.util.function.Predicate<JanusEvent> condition)
            throws Exception {
        return harness.awaitEvent(type, e -> e.streamId().equals(streamId) && condition.test(e), WAIT);
    }

    @Nested
    class Utterances {

        @Test
        void cutsStreamedSpeechAtThePausesAndLetsEachTranscriptEnterTheFlowOnTheVoiceChannel() throws Exception {
            // given three phrases with 1.2 s pauses, streamed in 20 ms frames
            String streamId = stream();
            List<String> phrases = List.of("Good morning, Janus.", "What is on my calendar today?",
                    "Thanks, that is all.");
            short[] audio = TestSpeech.conversation(phrases, 600, 1_200, 16_000, new ArrayList<>());
            try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&sample_rate=16000")) {
                client.text("{\"type\":\"start\"}");
                assertThat(client.next("started", WAIT).get("sample_rate").intValue()).isEqualTo(16_000);

                // when
                client.stream(audio, 16_000);

                // then three utterances, each transcribed, each a voice message with its transcript
                List<JsonNode> finals = new ArrayList<>();
                while (finals.size() < 3) {
                    JsonNode transcript = client.next("transcript", WAIT);
                    if (transcript.get("final").booleanValue()) {
                        finals.add(transcript);
                    }
                }
                await(EventType.INPUT_MESSAGE_RECEIVED, streamId, e -> true);
                harness.awaitEvent(EventType.INPUT_MESSAGE_RECEIVED, e -> e.streamId().equals(streamId)
                        && events(EventType.INPUT_MESSAGE_RECEIVED, streamId).size() == 3, WAIT);
                List<JanusEvent> utterances = events(EventType.INPUT_UTTERANCE_COMPLETED, streamId);
                List<JanusEvent> messages = events(EventType.INPUT_MESSAGE_RECEIVED, streamId);
                assertThat(utterances).hasSize(3);
                assertThat(events(EventType.INPUT_SPEECH_STARTED, streamId)).hasSize(3);
                assertThat(events(EventType.INPUT_SPEECH_ENDED, streamId)).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    Utterance utterance = utterances.get(i).content(EventKeys.INPUT_UTTERANCE_COMPLETED);
                    String expected = "heard " + utterance.durationMs() + " milliseconds";
                    assertThat(messages.get(i).content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).isEqualTo(expected);
                    assertThat(messages.get(i).context().channel()).isEqualTo("voice");
                    assertThat(finals.get(i).get("text").stringValue()).isEqualTo(expected);
                    assertThat(finals.get(i).get("utterance_id").stringValue()).isEqualTo(utterance.utteranceId());
                    assertThat(finals.get(i).get("correlation_id").stringValue()).isEqualTo(messages.get(i).correlationId());
                }
                TranscriptionServer.Request request = TRANSCRIPTION.requests.poll(1, TimeUnit.SECONDS);
                assertThat(request.model()).isEqualTo("whisper-test");
                assertThat(request.responseFormat()).isEqualTo("json");
                assertThat(request.audio().sampleRate()).isEqualTo(16_000);

                // and the audio itself went out in ~100 ms chunks, in order
                List<JanusEvent> chunks = events(EventType.INPUT_AUDIO_CHUNK, streamId);
                assertThat(chunks.size()).isBetween(audio.length / 1_600 - 1, audio.length / 1_600 + 1);
                assertThat(chunks.get(0).content(EventKeys.INPUT_AUDIO_CHUNK).data()).hasSize(3_200);
            }
        }

        @Test
        void resamplesAudioSentAtAnotherRate() throws Exception {
            // given speech at 22050 Hz
            String streamId = stream();
            short[] audio = TestSpeech.conversation(List.of("Testing another sample rate."), 600, 0, 22_050,
                    new ArrayList<>());
            try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&sample_rate=22050")) {
                client.text("{\"type\":\"start\"}");

                // when
                client.stream(audio, 22_050);

                // then the utterance and the transcription request are 16 kHz, as long as the speech was
                Utterance utterance = await(EventType.INPUT_UTTERANCE_COMPLETED, streamId, e -> true)
                        .content(EventKeys.INPUT_UTTERANCE_COMPLETED);
                assertThat(utterance.sampleRate()).isEqualTo(16_000);
                long speechMs = TestSpeech.phrase("Testing another sample rate.", 22_050).length * 1000L / 22_050;
                assertThat(utterance.durationMs()).isBetween(speechMs - 400, speechMs + 450);
                TranscriptionServer.Request request = TRANSCRIPTION.requests.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(request.audio().sampleRate()).isEqualTo(16_000);
                assertThat(events(EventType.INPUT_AUDIO_CHUNK, streamId).get(0)
                        .content(EventKeys.INPUT_AUDIO_CHUNK).sampleRate()).isEqualTo(16_000);
            }
        }
    }

    @Nested
    class BadInput {

        @Test
        void answersEveryBadFrameWithAnErrorKeepsTheSocketAndPublishesNothing() throws Exception {
            // given
            String streamId = stream();
            try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&sample_rate=7000")) {
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("invalid_sample_rate");

                // when / then
                client.binary(new byte[640]);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("not_started");
                client.text("{\"type\":\"start\"}");
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("invalid_sample_rate");
                client.text("{\"type\":\"start\",\"sample_rate\":96000}");
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("invalid_sample_rate");
                client.text("{\"type\":\"dance\"}");
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("unknown_frame_type");
                client.text("not json");
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("invalid_json");
                client.text("{\"type\":\"start\",\"sample_rate\":16000}");
                client.next("started", WAIT);
                client.binary(new byte[641]);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("odd_length");
                client.binary(new byte[4_098]);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("frame_too_large");
                client.binary(new byte[0]);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("empty_frame");
                client.text("{\"type\":\"stop\"}");
                client.next("stopped", WAIT);

                // the socket still works, and nothing was published for the refused frames
                assertThat(events(EventType.INPUT_AUDIO_CHUNK, streamId)).isEmpty();
                client.text("{\"type\":\"start\"}");
                client.next("started", WAIT);
                client.stream(TestSpeech.conversation(List.of("Still here."), 500, 0, 16_000, new ArrayList<>()), 16_000);
                assertThat(client.next("transcript", WAIT).get("final").booleanValue()).isTrue();
            }
        }
    }

    @Nested
    class Meetings {

        private String openMeeting(String... participants) throws Exception {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/streams")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"session_type\":\"meeting\",\"participants\":"
                            + json.writeValueAsString(List.of(participants)) + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body()).get("stream_id").stringValue();
        }

        @Test
        void labelsEachParticipantsUtterancesWithTheSpeaker() throws Exception {
            // given a meeting of ada and grace, each on their own socket
            String streamId = openMeeting("ada", "grace");
            try (SocketClient ada = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&user_id=ada");
                    SocketClient grace = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&user_id=grace")) {
                ada.text("{\"type\":\"start\"}");
                grace.text("{\"type\":\"start\"}");
                assertThat(ada.next("started", WAIT).get("user_id").stringValue()).isEqualTo("ada");
                grace.next("started", WAIT);

                // when each says something of a different length
                ada.stream(TestSpeech.conversation(List.of("I think we should ship on Friday."), 500, 0, 16_000,
                        new ArrayList<>()), 16_000);
                grace.stream(TestSpeech.conversation(List.of("No."), 500, 0, 16_000, new ArrayList<>()), 16_000);

                // then each message and each utterance carries its speaker, and both see both transcripts
                JanusEvent fromAda = await(EventType.INPUT_MESSAGE_RECEIVED, streamId,
                        e -> "ada".equals(e.context().userId()));
                JanusEvent fromGrace = await(EventType.INPUT_MESSAGE_RECEIVED, streamId,
                        e -> "grace".equals(e.context().userId()));
                Utterance adas = await(EventType.INPUT_UTTERANCE_COMPLETED, streamId,
                        e -> "ada".equals(e.context().userId())).content(EventKeys.INPUT_UTTERANCE_COMPLETED);
                Utterance graces = await(EventType.INPUT_UTTERANCE_COMPLETED, streamId,
                        e -> "grace".equals(e.context().userId())).content(EventKeys.INPUT_UTTERANCE_COMPLETED);
                assertThat(fromAda.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).isEqualTo("heard " + adas.durationMs() + " milliseconds");
                assertThat(fromGrace.content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).isEqualTo("heard " + graces.durationMs() + " milliseconds");
                assertThat(adas.durationMs()).isGreaterThan(graces.durationMs());
                List<String> speakersSeenByAda = new ArrayList<>();
                while (speakersSeenByAda.size() < 2) {
                    JsonNode transcript = ada.next("transcript", WAIT);
                    if (transcript.get("final").booleanValue()) {
                        speakersSeenByAda.add(transcript.get("user_id").stringValue());
                    }
                }
                assertThat(speakersSeenByAda).containsExactlyInAnyOrder("ada", "grace");
            }
        }

        @Test
        void refusesATrackOfSomeoneWhoIsNotAParticipant() throws Exception {
            String streamId = openMeeting("ada", "grace");
            try (SocketClient mallory = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&user_id=mallory");
                    SocketClient nobody = new SocketClient(port, "/ws/audio?stream_id=" + streamId)) {
                mallory.text("{\"type\":\"start\"}");
                nobody.text("{\"type\":\"start\"}");
                assertThat(mallory.next("error", WAIT).get("code").stringValue()).isEqualTo("unknown_participant");
                assertThat(nobody.next("error", WAIT).get("code").stringValue()).isEqualTo("unknown_participant");
                mallory.binary(new byte[640]);
                assertThat(mallory.next("error", WAIT).get("code").stringValue()).isEqualTo("not_started");
            }
        }
    }

    @Nested
    class BargeIn {

        @Test
        void speechOverASpokenReplyStopsItInterruptsTheStreamAndRecordsWhatWasHeard() throws Exception {
            // given a spoken reply playing on the socket
            String streamId = stream();
            longReplies.put(streamId, LONG_REPLY);
            try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId + "&sample_rate=16000")) {
                client.text("{\"type\":\"start\",\"speech\":true}");
                assertThat(client.next("started", WAIT).get("speech").booleanValue()).isTrue();
                client.stream(TestSpeech.conversation(List.of("Tell me something long."), 500, 0, 16_000,
                        new ArrayList<>()), 16_000);
                JsonNode speech = client.next("speech", WAIT);
                String correlationId = speech.get("correlation_id").stringValue();
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> client.binaryBytes.get() >= 32_000 * 2);

                // when the user speaks over it
                client.stream(TestSpeech.conversation(List.of("Stop, stop."), 300, 0, 16_000, new ArrayList<>()), 16_000);

                // then the speech stops, the stream is interrupted, and what was heard is recorded as the reply
                JsonNode ended = client.next("speech_end", WAIT);
                assertThat(ended.get("interrupted").booleanValue()).isTrue();
                JsonNode interrupted = client.next("interrupted", WAIT);
                assertThat(interrupted.get("correlation_id").stringValue()).isEqualTo(correlationId);
                JanusEvent interruption = await(EventType.INPUT_STREAM_INTERRUPTED, streamId, e -> true);
                assertThat(interruption.content(EventKeys.INPUT_STREAM_INTERRUPTED).reason()).isEqualTo("barge_in");
                JanusEvent sent = await(EventType.OUTPUT_MESSAGE_SENT, streamId,
                        e -> "true".equals(e.context().attributes().get("interrupted")));
                assertThat(sent.correlationId()).isEqualTo(correlationId);
                assertThat(sent.context().attributes()).containsEntry("interruption_event_id", interruption.eventId())
                        .containsEntry("delivered_by", "speech");
                String heard = sent.content(EventKeys.OUTPUT_MESSAGE_SENT).text();
                assertThat(LONG_REPLY).startsWith(heard);
                assertThat(heard.length()).isLessThan(LONG_REPLY.length() / 2);
                assertThat(interrupted.get("delivered_text").stringValue()).isEqualTo(heard);
                // far less audio than the whole reply (~20 s) went out
                assertThat(client.binaryBytes.get()).isLessThan(32_000L * 10);
            }
        }

        @Test
        void speechAfterTheReplyWasDeliveredInterruptsNothing() throws Exception {
            String streamId = stream();
            try (SocketClient client = new SocketClient(port, "/ws/audio?stream_id=" + streamId)) {
                client.text("{\"type\":\"start\"}");
                client.stream(TestSpeech.conversation(List.of("Hello."), 500, 0, 16_000, new ArrayList<>()), 16_000);
                await(EventType.OUTPUT_FORMATTING_COMPLETED, streamId, e -> true);
                client.next("transcript", WAIT);

                // when
                client.stream(TestSpeech.conversation(List.of("Hello again."), 500, 0, 16_000, new ArrayList<>()), 16_000);
                harness.awaitEvent(EventType.INPUT_MESSAGE_RECEIVED, e -> e.streamId().equals(streamId)
                        && events(EventType.INPUT_MESSAGE_RECEIVED, streamId).size() == 2, WAIT);

                // then
                assertThat(events(EventType.INPUT_STREAM_INTERRUPTED, streamId)).isEmpty();
            }
        }
    }

    @Nested
    class Video {

        private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F',
                0, 1, (byte) 0xFF, (byte) 0xD9 };

        @Test
        void publishesJpegFramesKeepsTheLatestAndRefusesTheRest() throws Exception {
            String streamId = stream();
            try (SocketClient client = new SocketClient(port, "/ws/video?stream_id=" + streamId + "&user_id=ada")) {
                // when / then
                client.binary("not a jpeg".getBytes());
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("not_jpeg");
                client.text("{\"type\":\"start\"}");
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("unexpected_text_frame");
                client.binary(new byte[220 * 1024]);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("frame_too_large");
                client.binary(JPEG);
                JanusEvent frame = await(EventType.INPUT_VIDEO_FRAME, streamId, e -> true);
                assertThat(frame.content(EventKeys.INPUT_VIDEO_FRAME).mimeType()).isEqualTo("image/jpeg");
                assertThat(frame.content(EventKeys.INPUT_VIDEO_FRAME).data()).isEqualTo(JPEG);
                assertThat(frame.context().userId()).isEqualTo("ada");
                assertThat(latestFrames.latest(streamId)).get().extracting(f -> f.content().data()).isEqualTo(JPEG);
                client.binary(JPEG);
                assertThat(client.next("error", WAIT).get("code").stringValue()).isEqualTo("rate_limited");
                assertThat(events(EventType.INPUT_VIDEO_FRAME, streamId)).hasSize(1);
            }
        }
    }
}
