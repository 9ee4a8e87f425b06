package dev.janus.input.audio;

import java.io.IOException;

import dev.janus.input.TooSlowSockets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One client's {@code /ws/audio} connection: its stream, its participant, its audio format and, once started,
 * its track. Frames may be sent from any thread (the socket is wrapped for concurrent sends).
 */
public final class AudioSocket {

    private static final Logger log = LoggerFactory.getLogger(AudioSocket.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocketSession socket;
    private final String streamId;
    private final @Nullable String userId;
    private volatile @Nullable Integer sampleRate;
    private volatile boolean speech;
    private volatile @Nullable AudioTrack track;
    /** Whether the last audio frame was refused for going past the principal's audio budget. */
    private volatile boolean overBudget;

    AudioSocket(WebSocketSession socket, String streamId, @Nullable String userId, @Nullable Integer sampleRate) {
        this.socket = socket;
        this.streamId = streamId;
        this.userId = userId;
        this.sampleRate = sampleRate;
    }

    public String streamId() {
        return streamId;
    }

    /** The participant whose track this is; absent for a one-to-one voice chat without a user id. */
    public @Nullable String userId() {
        return userId;
    }

    /** The client's sample rate; absent until a valid one was given. */
    public @Nullable Integer sampleRate() {
        return sampleRate;
    }

    void sampleRate(int rate) {
        this.sampleRate = rate;
    }

    /** Whether replies are spoken to this socket. */
    public boolean speech() {
        return speech;
    }

    void speech(boolean enabled) {
        this.speech = enabled;
    }

    @Nullable AudioTrack track() {
        return track;
    }

    void track(@Nullable AudioTrack started) {
        this.track = started;
    }

    /**
     * Records whether an audio frame went past the budget; true when this refusal begins a run of them (the client
     * is told once per run, not once per frame).
     */
    boolean overBudget(boolean refused) {
        boolean began = refused && !overBudget;
        overBudget = refused;
        return began;
    }

    /** The underlying (concurrency-safe) WebSocket session. */
    public WebSocketSession session() {
        return socket;
    }

    /** Sends a text frame; a broken socket is left to its close callback. */
    public void send(VoiceFrame frame) {
        try {
            socket.sendMessage(new TextMessage(JSON.writeValueAsString(frame)));
        }
        catch (IOException | IllegalStateException e) {
            log.debug("Could not send {} to audio socket {}: {}", frame.type(), socket.getId(), e.toString());
        }
        catch (SessionLimitExceededException e) {
            TooSlowSockets.close(socket, e);
        }
    }

    /** Sends binary audio (PCM16LE mono at {@link #sampleRate()}); false when the socket is gone. */
    public boolean sendAudio(byte[] pcm) {
        try {
            socket.sendMessage(new BinaryMessage(pcm));
            return true;
        }
        catch (IOException | IllegalStateException e) {
            log.debug("Could not send audio to socket {}: {}", socket.getId(), e.toString());
            return false;
        }
        catch (SessionLimitExceededException e) {
            TooSlowSockets.close(socket, e);
            return false;
        }
    }

}
