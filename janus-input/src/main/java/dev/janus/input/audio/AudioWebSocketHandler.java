package dev.janus.input.audio;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.janus.bus.EventBus;
import dev.janus.events.Abbreviation;
import dev.janus.events.SessionType;
import dev.janus.events.vocabulary.Channels;
import dev.janus.input.Conversations;
import dev.janus.input.InputRejectedException;
import dev.janus.input.StreamHandshake;
import dev.janus.input.delivery.ClientConnections;
import dev.janus.input.session.ActiveSession;
import dev.janus.web.security.PrincipalRateLimiter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /ws/audio?stream_id=...&sample_rate=16000[&user_id=...]}: after a {@code {"type":"start"}} text frame
 * (optionally {@code "speech":true} for spoken replies and {@code "sample_rate"}), binary frames of PCM16LE mono
 * audio at the socket's rate; {@code {"type":"stop"}} ends the track. In a meeting or call each participant opens
 * a socket of their own with {@code user_id} set to their participant id: each socket is its own track, and its
 * utterances carry that speaker. The socket also receives the chat frames of its stream (replies, deltas, tool
 * progress), transcripts, speech activity, and spoken replies as binary frames.
 *
 * <p>Bad input — audio before {@code start}, an empty, odd-length or oversized frame, a sample rate outside
 * 8000..48000, an unknown frame, a {@code type} or {@code speech} of the wrong JSON type — gets an error frame; the
 * socket stays open and nothing is published. Fields a frame does not have are ignored, as on the chat socket.
 */
public final class AudioWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(AudioWebSocketHandler.class);
    private static final String SOCKET = "janus.audio_socket";
    private static final int MIN_RATE = VoiceProperties.MIN_SAMPLE_RATE;
    private static final int MAX_RATE = 48_000;

    private final EventBus bus;
    private final Conversations conversations;
    private final ClientConnections connections;
    private final AudioSockets sockets;
    private final VoiceReplies replies;
    private final VoiceProperties properties;
    private final VoiceActivityDetectors detectors;
    private final AudioBudget budget;
    private final PrincipalRateLimiter limiter;
    private final boolean speechByDefault;
    private final JsonMapper json = JsonMapper.builder().build();

    public AudioWebSocketHandler(EventBus bus, Conversations conversations, ClientConnections connections,
            AudioSockets sockets, VoiceReplies replies, VoiceProperties properties, VoiceActivityDetectors detectors,
            AudioBudget budget, PrincipalRateLimiter limiter, boolean speechByDefault) {
        this.bus = bus;
        this.conversations = conversations;
        this.connections = connections;
        this.sockets = sockets;
        this.replies = replies;
        this.properties = properties;
        this.detectors = detectors;
        this.budget = budget;
        this.limiter = limiter;
        this.speechByDefault = speechByDefault;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        // StreamHandshake checked the principal, the stream and the user (a participant, for a meeting or call)
        var query = UriComponentsBuilder.fromUri(Objects.requireNonNull(session.getUri(), "a session has its handshake's URI"))
                .build().getQueryParams();
        WebSocketSession live = new ConcurrentWebSocketSessionDecorator(session, 10_000, 4 * 1024 * 1024);
        String streamId = StreamHandshake.streamId(session);
        String userId = StreamHandshake.userId(session);
        // a stream first used by voice gets a session, like one first used by chat
        conversations.ensureSession(streamId, userId, Channels.VOICE, StreamHandshake.principal(session).name());
        Integer rate = VoiceProperties.PROCESSING_RATE;
        String requestedRate = query.getFirst("sample_rate");
        if (requestedRate != null) {
            rate = sampleRate(requestedRate);
            if (rate == null) {
                reject(live, "invalid_sample_rate", sampleRateProblem(requestedRate));
            }
        }
        AudioSocket socket = new AudioSocket(live, streamId, userId, rate);
        socket.speech(speechByDefault && replies.canSpeak());
        session.getAttributes().put(SOCKET, socket);
        sockets.add(socket);
        connections.add(streamId, live);
    }

    /**
     * A control frame takes a token of the principal's rate limit, as a REST request does ({@code start} builds a
     * detector): over it, the answer is an error frame {@code rate_limited}.
     */
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        AudioSocket socket = socket(session);
        if (socket == null) {
            return;
        }
        Optional<PrincipalRateLimiter.Refusal> refusal = limiter.acquire(StreamHandshake.principal(session).name());
        if (refusal.isPresent()) {
            socket.send(new VoiceFrame.Error("rate_limited", refusal.get().message()));
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        }
        catch (JacksonException e) {
            socket.send(new VoiceFrame.Error("invalid_json", "control frames are JSON objects like {\"type\":\"start\"}: "
                    + e.getOriginalMessage()));
            return;
        }
        try {
            control(socket, frame);
        }
        catch (InputRejectedException e) {
            socket.send(VoiceFrame.Error.of(e.code(), e.getMessage()));
        }
    }

    private void control(AudioSocket socket, @Nullable JsonNode frame) {
        if (frame == null || !frame.isObject()) {
            throw new InputRejectedException("invalid_json", "control frames are JSON objects like {\"type\":\"start\"}");
        }
        String type = text(frame, "type");
        if ("start".equals(type)) {
            start(socket, frame);
        }
        else if ("stop".equals(type)) {
            stop(socket);
        }
        else {
            socket.send(new VoiceFrame.Error("unknown_frame_type", "control frame type must be 'start' or 'stop', but was "
                    + (type == null ? "missing" : "'" + Abbreviation.abbreviate(type, 40) + "'")
                    + "; audio goes in binary frames"));
        }
    }

    private void start(AudioSocket socket, JsonNode frame) {
        JsonNode speech = frame.get("speech");
        if (speech != null && !speech.isNull() && !speech.isBoolean()) {
            throw new InputRejectedException("invalid_field", "speech must be true or false, like "
                    + "{\"type\":\"start\",\"speech\":true}");
        }
        if (socket.track() != null) {
            socket.send(new VoiceFrame.Error("already_started", "the track is already started; send {\"type\":\"stop\"} first"));
            return;
        }
        JsonNode rateField = frame.get("sample_rate");
        if (rateField != null) {
            Integer rate = rateField.isInt() ? validRate(rateField.intValue()) : null;
            if (rate == null) {
                socket.send(new VoiceFrame.Error("invalid_sample_rate", sampleRateProblem(rateField.toString())));
                return;
            }
            socket.sampleRate(rate);
        }
        Integer rate = socket.sampleRate();
        if (rate == null) {
            socket.send(new VoiceFrame.Error("invalid_sample_rate", "no valid sample rate: reconnect with "
                    + "sample_rate=8000..48000 or send {\"type\":\"start\",\"sample_rate\":16000}"));
            return;
        }
        String problem = participantProblem(socket);
        if (problem != null) {
            socket.send(new VoiceFrame.Error("unknown_participant", problem));
            return;
        }
        if (speech != null && speech.isBoolean()) {
            if (speech.booleanValue() && !replies.canSpeak()) {
                socket.send(new VoiceFrame.Error("speech_unavailable", "no speech engine is available here: install "
                        + "espeak-ng or configure janus.input.voice.speech.engine=openai; replies come as text"));
            }
            socket.speech(speech.booleanValue() && replies.canSpeak());
        }
        socket.track(new AudioTrack(bus, socket.streamId(), socket.userId(), rate, properties, detectors.forNewTrack(),
                failure -> socket.send(new VoiceFrame.Error("bus_unavailable",
                        "audio could not be published: " + failure.getMessage()))));
        socket.send(new VoiceFrame.Started(rate, socket.speech(), socket.userId()));
    }

    private void stop(AudioSocket socket) {
        AudioTrack track = socket.track();
        if (track == null) {
            socket.send(new VoiceFrame.Error("not_started", "the track is not started; send {\"type\":\"start\"} first"));
            return;
        }
        socket.track(null);
        report(socket, track.stop());
        socket.send(new VoiceFrame.Stopped());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        AudioSocket socket = socket(session);
        if (socket == null) {
            return;
        }
        AudioTrack track = socket.track();
        int length = message.getPayloadLength();
        if (track == null) {
            socket.send(new VoiceFrame.Error("not_started", "audio before start: send {\"type\":\"start\"} first"));
            return;
        }
        if (length == 0) {
            socket.send(new VoiceFrame.Error("empty_frame", "audio frames must hold at least one sample"));
            return;
        }
        if (length > properties.maxFrameBytes()) {
            socket.send(new VoiceFrame.Error("frame_too_large", "audio frames must be at most " + properties.maxFrameBytes()
                    + " bytes (janus.input.voice.max-frame-bytes), but this one was " + length + "; send 20 ms frames"));
            return;
        }
        if (length % Pcm16.BYTES_PER_SAMPLE != 0) {
            socket.send(new VoiceFrame.Error("odd_length", "audio frames are PCM16LE, 2 bytes per sample, but this one had "
                    + length + " bytes"));
            return;
        }
        Optional<String> tooFast = budget.take(StreamHandshake.principal(session), length / Pcm16.BYTES_PER_SAMPLE,
                track.clientRate());
        if (socket.overBudget(tooFast.isPresent())) {
            socket.send(new VoiceFrame.Error("audio_too_fast", tooFast.orElseThrow()));
        }
        if (tooFast.isPresent()) {
            return;
        }
        byte[] pcm = new byte[length];
        message.getPayload().get(pcm);
        report(socket, track.accept(pcm));
    }

    /** Tells the socket about its speech activity; speech starting over a reply in progress interrupts it. */
    private void report(AudioSocket socket, List<AudioTrack.Published> published) {
        for (AudioTrack.Published item : published) {
            if (item.activity() instanceof VoiceActivity.SpeechStarted started) {
                socket.send(new VoiceFrame.SpeechStarted(item.utteranceId(), started.offsetMs()));
                replies.onUserSpeech(socket.streamId(), socket.userId());
            }
            else if (item.activity() instanceof VoiceActivity.UtteranceEnded ended) {
                socket.send(new VoiceFrame.SpeechEnded(item.utteranceId(), ended.speechEndMs()));
            }
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        AudioSocket socket = socket(session);
        if (socket == null) {
            return;
        }
        AudioTrack track = socket.track();
        if (track != null) {
            socket.track(null);
            try {
                track.stop();
            }
            catch (RuntimeException e) {
                log.warn("Could not complete the track of a closed audio socket on stream {}: {}", socket.streamId(),
                        e.toString());
            }
        }
        sockets.remove(socket);
        connections.remove(socket.streamId(), socket.session());
    }

    /** Why this participant may not speak on the stream, or null when they may. */
    private @Nullable String participantProblem(AudioSocket socket) {
        Optional<ActiveSession> session = conversations.session(socket.streamId());
        if (session.isEmpty() || session.get().sessionType() == SessionType.CHAT
                || session.get().participants().isEmpty()) {
            return null;
        }
        if (socket.userId() == null) {
            return "stream " + socket.streamId() + " is a " + session.get().sessionType().name().toLowerCase()
                    + ": each participant connects with &user_id=<participant id>, one of "
                    + session.get().participants();
        }
        if (!session.get().hasParticipant(socket.userId())) {
            return socket.userId() + " is not a participant of stream " + socket.streamId() + "; participants are "
                    + session.get().participants();
        }
        return null;
    }

    /** A string field of a frame, absent or null when not given; any other JSON value is refused, not ignored. */
    private static @Nullable String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InputRejectedException("invalid_field", field + " must be a string, like {\"type\":\"start\"}");
        }
        return value.stringValue();
    }

    private static @Nullable AudioSocket socket(WebSocketSession session) {
        return session.getAttributes().get(SOCKET) instanceof AudioSocket socket ? socket : null;
    }

    private static @Nullable Integer sampleRate(String text) {
        try {
            return validRate(Integer.parseInt(text.strip()));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Integer validRate(int rate) {
        return rate >= MIN_RATE && rate <= MAX_RATE ? rate : null;
    }

    private static String sampleRateProblem(String given) {
        return "sample_rate must be a whole number of Hz in " + MIN_RATE + ".." + MAX_RATE + ", but was '"
                + Abbreviation.abbreviate(given, 20) + "'; audio is resampled to 16000";
    }

    private void reject(WebSocketSession live, String code, String message) {
        try {
            live.sendMessage(new TextMessage(json.writeValueAsString(new VoiceFrame.Error(code, message))));
        }
        catch (java.io.IOException | IllegalStateException e) {
            log.debug("Could not send {} to audio socket: {}", code, e.toString());
        }
    }
}
