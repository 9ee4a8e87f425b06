package dev.janus.output.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.janus.events.FormattedResponse;
import dev.janus.events.ToolResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a reply the way its channel shows it: chat keeps markdown; voice gets plain text a speech
 * synthesiser can read (no markup, links reduced to their text, list items as sentences); a
 * webhook gets a JSON document with the text and the tool results.
 */
public class ChannelFormatter {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern CODE_FENCE = Pattern.compile("```[a-zA-Z0-9]*\\n?");
    // only paired markers around text are markup; a lone "*" is multiplication
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|`)(\\S(?:.*?\\S)?)\\1");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s*");
    private static final Pattern BULLET = Pattern.compile("(?m)^\\s*([-*+]|\\d+\\.)\\s+");

    private final JsonMapper json = JsonMapper.builder().build();

    /** The reply shaped for {@code channel}. */
    public FormattedResponse format(FormattedResponse reply, String channel) {
        return switch (channel) {
            case "voice" -> new FormattedResponse(plainText(reply.text()), channel, "plain", reply.toolResults());
            case "webhook" -> new FormattedResponse(webhookJson(reply), channel, "json", reply.toolResults());
            default -> new FormattedResponse(reply.text(), channel, "markdown", reply.toolResults());
        };
    }

    /** Markdown reduced to text a voice can read. */
    static String plainText(String markdown) {
        String text = CODE_FENCE.matcher(markdown).replaceAll("");
        text = LINK.matcher(text).replaceAll("$1");
        text = HEADING.matcher(text).replaceAll("");
        text = BULLET.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("$2");
        StringBuilder spoken = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!spoken.isEmpty()) {
                char last = spoken.charAt(spoken.length() - 1);
                spoken.append(".!?:;".indexOf(last) >= 0 ? " " : ". ");
            }
            spoken.append(trimmed);
        }
        return spoken.toString();
    }

    private String webhookJson(FormattedResponse reply) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("text", reply.text());
        document.put("tool_results", reply.toolResults().stream().map(ChannelFormatter::toolResult).toList());
        return json.writeValueAsString(document);
    }

    private static Map<String, Object> toolResult(ToolResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("call_id", result.callId());
        view.put("tool_name", result.toolName());
        view.put(result.succeeded() ? "output" : "error", result.succeeded() ? result.output() : result.error());
        view.put("duration_ms", result.durationMs());
        return view;
    }

    /** Channels with a format of their own; any other channel is treated as chat. */
    public static final List<String> CHANNELS = List.of("chat", "voice", "webhook");
}
