package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the catalogue says, from a registry where every type has a publisher; that {@code docs/events.md} is up to
 * date is checked by {@code EventRegistryIntegrationTests} in {@code janus-app}.
 */
class EventCatalogueTests {

    /** Every type published by the component its prefix names, and a few subscriptions of every kind. */
    static EventRegistry registry() {
        List<ComponentEvents> declarations = new ArrayList<>();
        for (EventType type : EventType.values()) {
            declarations.add(ComponentEvents.of(EventFixtures.publisherOf(type)).publishes(type).build());
        }
        declarations.add(ComponentEvents.of("janus-llm").publishes(EventType.ORCHESTRATOR_TOOLS_REQUESTED)
                .consumesBroadcastWhile(EventType.INPUT_VIDEO_FRAME, "only while a provider in use takes images",
                        false)
                .build());
        declarations.add(ComponentEvents.of("janus-tools").consumes(EventType.ORCHESTRATOR_TOOLS_REQUESTED)
                .consumesBroadcast(EventType.INPUT_STREAM_INTERRUPTED).build());
        declarations.add(ComponentEvents.of("janus-output-webhook")
                .consumesWhile(EventType.OUTPUT_FORMATTING_COMPLETED, "only while janus.output.webhook.url is set",
                        false)
                .build());
        return new EventRegistry(declarations);
    }

    @Test
    void refusesATypeThatNoComponentPublishes() {
        // given
        EventRegistry silent = new EventRegistry(List.of(ComponentEvents.of("janus-input")
                .publishes(EventType.INPUT_MESSAGE_RECEIVED).build()));

        // when / then
        assertThatThrownBy(() -> EventCatalogue.markdown(silent)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input.audio.chunk");
    }

    @Nested
    class Content {

        private final String markdown = EventCatalogue.markdown(registry());

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
                    - Publishers: `janus-llm`, `janus-orchestrator`
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
                    """)
                    .contains("- Consumers: `janus-llm` (broadcast, only while a provider in use takes images)\n")
                    .contains("- Consumers: `janus-tools` (broadcast)\n")
                    .contains("| `janus-output-webhook` (only while janus.output.webhook.url is set) |");
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
