package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the catalogue says; that {@code docs/events.md} is up to date is checked by {@code InterfaceDocumentsTests}. */
class EventCatalogueTests {

    @Nested
    class Content {

        private final String markdown = EventCatalogue.markdown();

        @Test
        void hasASectionForEveryEventTypeInDeclarationOrder() {
            // given
            String[] headings = Arrays.stream(EventType.values())
                    .map(type -> "\n### " + type.wireName() + "\n")
                    .toArray(String[]::new);

            // then
            assertThat(markdown).containsSubsequence(headings);
        }

        @Test
        void namesContentPublisherAndConsumersOfEachType() {
            // then
            assertThat(markdown).contains("""
                    ### orchestrator.tools.requested

                    - Content: `ToolRequest`
                    - Publishers: `janus-orchestrator`, `janus-llm`
                    - Consumers: `janus-tools`

                    | Field | Type | Required |
                    |---|---|---|
                    | `calls` | list of [ToolCall](#toolcall) | yes |
                    """);
        }

        @Test
        void namesTheTypesNobodyConsumesAndTheConsumersThatDependOnConfiguration() {
            // then
            assertThat(markdown).contains("""
                    ### input.audio.chunk

                    - Content: `AudioContent`
                    - Publishers: `janus-input`
                    - Consumers: none
                    """).contains("`janus-output-webhook` while a webhook is configured");
        }

        @Test
        void describesTheEnvelopeInSnakeCaseWithMeanings() {
            // then
            assertThat(markdown)
                    .contains("| `event_id` | string | yes | Unique id, used for tracing and idempotency. |")
                    .contains("| `event_type` | string, an [event type](#event-types) | yes |")
                    .contains("| `timestamp` | timestamp | yes | When the event occurred. |")
                    .contains("| `causation_id` | string | no |")
                    .contains("| `schema_version` | integer | yes |");
        }

        @Test
        void namesReadableTypes() {
            // then
            assertThat(markdown)
                    .contains("| `data` | base64 bytes | yes |")
                    .contains("| `sample_rate` | integer | yes |")
                    .contains("| `confidence` | number | yes |")
                    .contains("| `session_type` | SessionType (chat\\|meeting\\|call) | yes |")
                    .contains("| `recent_turns` | list of [Turn](#turn) | yes |")
                    .contains("| `arguments` | map | yes |")
                    .contains("| `attributes` | map of string | yes |");
        }

        @Test
        void marksNullableComponentsOptional() {
            // then
            assertThat(markdown)
                    .contains("| `output` | string | no |")
                    .contains("| `error` | string | no |")
                    .contains("| `user_id` | string | no |");
        }

        @Test
        void listsEveryNestedRecordOnceAtTheEnd() {
            // given
            String nested = markdown.substring(markdown.indexOf("## Nested types"));

            // then
            assertThat(nested).containsSubsequence("### AssembledContext", "### EventContext", "### Fact",
                    "### RecalledItem", "### ToolCall", "### ToolResult", "### Turn");
            assertThat(markdown.split("\n### Turn\n", -1)).hasSize(2);
        }
    }
}
