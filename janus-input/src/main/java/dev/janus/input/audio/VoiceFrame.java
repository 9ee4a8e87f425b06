package dev.janus.input.audio;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The text frames of {@code /ws/audio} that the chat frames ({@code response}, {@code delta}, ...) do not cover;
 * {@link #type()} names the frame on the wire.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface VoiceFrame {

    /** The frame type on the wire. */
    @JsonProperty("type")
    String type();

    @JsonClassDescription("The server accepted `start`: binary audio frames are now taken at `sample_rate`.")
    record Started(@JsonProperty("sample_rate") int sampleRate, boolean speech, @JsonProperty("user_id") @Nullable String userId)
            implements VoiceFrame {
        @Override
        public String type() {
            return "started";
        }
    }

    @JsonClassDescription("The server accepted `stop`; an utterance in progress was completed.")
    record Stopped() implements VoiceFrame {
        @Override
        public String type() {
            return "stopped";
        }
    }

    @JsonClassDescription("The detector heard speech start on this socket's track.")
    record SpeechStarted(@JsonProperty("utterance_id") String utteranceId, @JsonProperty("offset_ms") long offsetMs)
            implements VoiceFrame {
        @Override
        public String type() {
            return "speech_started";
        }
    }

    @JsonClassDescription("The utterance ended; it is being transcribed.")
    record SpeechEnded(@JsonProperty("utterance_id") String utteranceId, @JsonProperty("offset_ms") long offsetMs)
            implements VoiceFrame {
        @Override
        public String type() {
            return "speech_ended";
        }
    }

    @JsonClassDescription("What was said: partial while the engine works, then final; `user_id` is the speaker.")
    record Transcript(@JsonProperty("utterance_id") String utteranceId, @JsonProperty("user_id") @Nullable String userId,
            String text, @JsonProperty("final") boolean isFinal,
            @JsonProperty("correlation_id") @Nullable String correlationId) implements VoiceFrame {
        @Override
        public String type() {
            return "transcript";
        }
    }

    @JsonClassDescription("Binary frames of the spoken reply follow, PCM16LE mono at this socket's sample rate.")
    record SpeechOut(@JsonProperty("correlation_id") String correlationId, @JsonProperty("sample_rate") int sampleRate,
            String encoding) implements VoiceFrame {
        @Override
        public String type() {
            return "speech";
        }
    }

    @JsonClassDescription("The spoken reply is over: all of it was sent, or it was `interrupted` and the client "
            + "drops what it buffered.")
    record SpeechOutEnded(@JsonProperty("correlation_id") String correlationId, boolean interrupted)
            implements VoiceFrame {
        @Override
        public String type() {
            return "speech_end";
        }
    }

    @JsonClassDescription("The user spoke over a reply: it was interrupted (`input.stream.interrupted`).")
    record Interrupted(@JsonProperty("event_id") String eventId, String reason,
            @JsonProperty("correlation_id") String correlationId, @JsonProperty("delivered_text") String deliveredText)
            implements VoiceFrame {
        @Override
        public String type() {
            return "interrupted";
        }
    }

    @JsonClassDescription("Something the client sent was refused; the socket stays open.")
    record Error(String code, String message) implements VoiceFrame {

        /** An error with the exception's message, or the code when it has none. */
        public static Error of(String code, @Nullable String message) {
            return new Error(code, message == null ? code : message);
        }

        @Override
        public String type() {
            return "error";
        }
    }
}
