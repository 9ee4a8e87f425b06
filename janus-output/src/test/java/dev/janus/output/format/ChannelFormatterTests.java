package dev.janus.output.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.janus.events.FormattedResponse;
import dev.janus.events.ToolResult;
import org.junit.jupiter.api.Test;

class ChannelFormatterTests {

    private final ChannelFormatter formatter = new ChannelFormatter();

    private static final FormattedResponse REPLY = new FormattedResponse("""
            # Result
            **17 * 23** is `391`, see [the calculator](http://example.test).
            - checked twice
            - exact""", "chat", "markdown",
            List.of(new ToolResult("call-1", "calculator", "391", null, 2)));

    @Test
    void keepsMarkdownForChat() {
        FormattedResponse chat = formatter.format(REPLY, "chat");

        assertThat(chat.text()).isEqualTo(REPLY.text());
        assertThat(chat.format()).isEqualTo("markdown");
    }

    @Test
    void turnsMarkdownIntoSentencesAVoiceCanRead() {
        FormattedResponse voice = formatter.format(REPLY, "voice");

        assertThat(voice.text()).isEqualTo("Result. 17 * 23 is 391, see the calculator. checked twice. exact");
        assertThat(voice.format()).isEqualTo("plain");
        assertThat(voice.channel()).isEqualTo("voice");
    }

    @Test
    void writesJsonWithTextAndToolResultsForWebhooks() {
        FormattedResponse webhook = formatter.format(REPLY, "webhook");

        assertThat(webhook.format()).isEqualTo("json");
        assertThat(webhook.text()).startsWith("{\"text\":\"# Result")
                .contains("\"tool_results\":[{\"call_id\":\"call-1\",\"tool_name\":\"calculator\",\"output\":\"391\","
                        + "\"duration_ms\":2}]");
    }

    @Test
    void treatsUnknownChannelsAsChat() {
        assertThat(formatter.format(REPLY, "rest").format()).isEqualTo("markdown");
    }
}
