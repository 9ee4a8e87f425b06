package dev.janus.input.contract;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * The text frames a client sends, as types for the AsyncAPI document: {@code ChatWebSocketHandler} and
 * {@code AudioWebSocketHandler} read these fields from the frame's JSON (and answer an unknown {@code type} with an
 * {@code error} frame). {@link #type()} names the frame on the wire.
 */
sealed interface ClientFrame {

    String type();

    @JsonClassDescription("A message from the user: published as `input.message.received`; answered with `accepted` "
            + "(or `error`), then the reply's frames.")
    record Message(@JsonPropertyDescription("What the user says.") String text,
            @JsonPropertyDescription("The user the message is from, when not the socket's user (the same rights as "
                    + "a REST post).") @JsonProperty("user_id") @Nullable String userId) implements ClientFrame {
        @Override
        public String type() {
            return "message";
        }
    }

    @JsonClassDescription("Stop the reply being generated and the stream's running tools "
            + "(`input.stream.interrupted`, reason `client`); answered with `interrupted`.")
    record Interrupt() implements ClientFrame {
        @Override
        public String type() {
            return "interrupt";
        }
    }

    @JsonClassDescription("The user's answer to a suggestion (`input.suggestion.feedback`); answered with `accepted`.")
    record Feedback(@JsonProperty("suggestion_id") String suggestionId,
            @JsonPropertyDescription("`accepted` or `dismissed`.") String feedback) implements ClientFrame {
        @Override
        public String type() {
            return "feedback";
        }
    }

    @JsonClassDescription("Start a track: binary PCM16LE mono frames follow; answered with `started`.")
    record Start(@JsonPropertyDescription("Speak the replies on this socket (binary PCM after a `speech` frame).")
            @Nullable Boolean speech,
            @JsonPropertyDescription("The rate of the audio frames, 8000..48000 (default: the socket's "
                    + "`sample_rate` query parameter).") @JsonProperty("sample_rate") @Nullable Integer sampleRate)
            implements ClientFrame {
        @Override
        public String type() {
            return "start";
        }
    }

    @JsonClassDescription("End the track; an utterance in progress is completed. Answered with `stopped`.")
    record Stop() implements ClientFrame {
        @Override
        public String type() {
            return "stop";
        }
    }
}
