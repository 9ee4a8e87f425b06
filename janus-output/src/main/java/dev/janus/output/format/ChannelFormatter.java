package dev.janus.output.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.events.FormattedResponse;
import dev.janus.events.ToolResult;
import dev.janus.events.vocabulary.Channels;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a reply the way its channel shows it: chat keeps markdown; voice gets plain text a speech
 * synthesiser can read (no markup, links reduced to their text, list items as sentences); a
 * webhook gets a JSON document with the text and the tool results. Replies are model text, so the markdown rules
 * are RE2/J patterns: linear in the reply's length, whatever it holds.
 */
public class ChannelFormatter {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern CODE_FENCE = Pattern.compile("```[a-zA-Z0-9]*\\n?");
    // only paired markers around text are markup; a lone "*" is multiplication. One alternative per marker, in the
    // order tried (RE2/J has no back-references), each capturing the text between its pair.
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*(\\S(?:.*?\\S)?)\\*\\*|__(\\S(?:.*?\\S)?)__"
            + "|\\*(\\S(?:.*?\\S)?)\\*|_(\\S(?:.*?\\S)?)_|`(\\S(?:.*?\\S)?)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s*");
    private static final Pattern BULLET = Pattern.compile("(?m)^\\s*([-*+]|\\d+\\.)\\s+");
    /** Any line break, as {@code \R} in java.util.regex: made {@code \n} first, so {@code ^} finds every line. */
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}]");

    private final JsonMapper json = JsonMapper.builder().build();

    /** The reply shaped for {@code channel}. */
    public FormattedResponse format(FormattedResponse reply, String channel) {
        return switch (channel) {
            case Channels.VOICE ->
                new FormattedResponse(plainText(reply.text()), channel, "plain", reply.toolResults());
            case Channels.WEBHOOK -> new FormattedResponse(webhookJson(reply), channel, "json", reply.toolResults());
            default -> new FormattedResponse(reply.text(), channel, "markdown", reply.toolResults());
        };
    }

    /** Markdown reduced to text a voice can read. */
    static String plainText(String markdown) {
        String text = CODE_FENCE.matcher(markdown).replaceAll("");
        text = LINE_BREAK.matcher(text).replaceAll("\n");
        text = LINK.matcher(text).replaceAll("$1");
        text = HEADING.matcher(text).replaceAll("");
        text = BULLET.matcher(text).replaceAll("");
        text = withoutEmphasis(text);
        StringBuilder spoken = new StringBuilder();
        for (String line : text.lines().toList()) {
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

    private static String withoutEmphasis(String text) {
        Matcher emphasis = EMPHASIS.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (emphasis.find()) {
            String inner = emphasis.group(1);
            for (int group = 2; inner == null; group++) {
                inner = emphasis.group(group);
            }
            emphasis.appendReplacement(result, Matcher.quoteReplacement(inner));
        }
        return emphasis.appendTail(result).toString();
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
    public static final List<String> CHANNELS = List.of(Channels.CHAT, Channels.VOICE, Channels.WEBHOOK);
}
