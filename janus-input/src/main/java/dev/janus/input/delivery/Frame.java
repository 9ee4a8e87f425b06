package dev.janus.input.delivery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.janus.events.ToolResult;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What the server sends to a client over {@code /ws/chat} and Server-Sent Events; {@link #type()}
 * names the frame ({@code response}, {@code tool_progress}, {@code accepted}, {@code error}, ...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Frame {

    /** The frame type on the wire. */
    @JsonProperty("type")
    String type();

    @JsonClassDescription("A reply to one of the client's messages.")
    @Schema(name = "ResponseFrame")
    record Response(@JsonProperty("correlation_id") String correlationId, String text, String format,
            String channel, @JsonProperty("tool_results") List<ToolResultView> toolResults,
            @JsonProperty("cursor") String cursor) implements Frame {

        @Override
        public String type() {
            return "response";
        }
    }

    @JsonClassDescription("A piece of a reply while the model streams it; the `response` frame follows with the "
            + "whole text.")
    record Delta(@JsonProperty("correlation_id") String correlationId, int sequence, String text) implements Frame {

        @Override
        public String type() {
            return "delta";
        }
    }

    @JsonClassDescription("The server accepted the client's interruption of the stream.")
    record Interrupted(@JsonProperty("event_id") String eventId) implements Frame {

        @Override
        public String type() {
            return "interrupted";
        }
    }

    @JsonClassDescription("Progress of a tool that runs for one of the client's messages.")
    record ToolProgress(@JsonProperty("correlation_id") String correlationId, @JsonProperty("call_id") String callId,
            @JsonProperty("tool_name") String toolName, double fraction, String message) implements Frame {

        @Override
        public String type() {
            return "tool_progress";
        }
    }

    @JsonClassDescription("Something proactive offers the user; the client answers with feedback (accepted or "
            + "dismissed).")
    record Suggestion(String id, String kind, String text) implements Frame {

        @Override
        public String type() {
            return "suggestion";
        }
    }

    @JsonClassDescription("The server accepted a message the client sent over the socket.")
    record Accepted(@JsonProperty("event_id") String eventId, @JsonProperty("correlation_id") String correlationId)
            implements Frame {

        @Override
        public String type() {
            return "accepted";
        }
    }

    @JsonClassDescription("The client sent something Janus refuses; the session stays open.")
    record Error(String code, String message) implements Frame {

        /** An error with the exception's message, or the code when it has none. */
        public static Error of(String code, @Nullable String message) {
            return new Error(code, message == null ? code : message);
        }

        @Override
        public String type() {
            return "error";
        }
    }

    @JsonClassDescription("A tool result as clients see it.")
    record ToolResultView(@JsonProperty("call_id") String callId, @JsonProperty("tool_name") String toolName,
            @Nullable String output, @Nullable String error, @JsonProperty("duration_ms") long durationMs) {

        public static ToolResultView of(ToolResult result) {
            return new ToolResultView(result.callId(), result.toolName(), result.output(), result.error(),
                    result.durationMs());
        }

        public static List<ToolResultView> of(List<ToolResult> results) {
            return results.stream().map(ToolResultView::of).toList();
        }
    }
}
