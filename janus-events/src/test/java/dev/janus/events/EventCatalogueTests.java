package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventCatalogueTests {

    private static final String REGENERATE = "regenerate it with: ./mvnw -pl janus-events test -Djanus.catalogue.write=true";

    @Nested
    class CheckedInFile {

        @Test
        void matchesTheCode() throws IOException {
            // given
            String generated = EventCatalogue.markdown();
            Path file = catalogueFile();

            // when
            if (Boolean.getBoolean("janus.catalogue.write")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            }

            // then
            if (!Files.exists(file)) {
                fail("docs/events.md is out of date; " + REGENERATE + "\n" + file + " does not exist");
            }
            String checkedIn = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!checkedIn.equals(generated)) {
                fail("docs/events.md is out of date; " + REGENERATE + "\n" + firstDifference(checkedIn, generated));
            }
        }

        /** {@code ../docs/events.md} from the module directory (surefire's working directory), else the nearest one above. */
        private static Path catalogueFile() {
            Path workingDirectory = Path.of("").toAbsolutePath();
            Path beside = workingDirectory.resolveSibling("docs").resolve("events.md");
            if (Files.exists(beside)) {
                return beside;
            }
            for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("docs").resolve("events.md");
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
            return beside;
        }

        private static String firstDifference(String checkedIn, String generated) {
            List<String> expected = generated.lines().toList();
            List<String> actual = checkedIn.lines().toList();
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String want = i < expected.size() ? expected.get(i) : "<end of file>";
                String have = i < actual.size() ? actual.get(i) : "<end of file>";
                if (!want.equals(have)) {
                    return "first difference at line " + (i + 1) + ":\n  file:      " + have + "\n  generated: " + want;
                }
            }
            return "the files differ in their line ends";
        }
    }

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
                    - Publisher: `janus-orchestrator`
                    - Consumers: `janus-tools`

                    | Field | Type | Required |
                    |---|---|---|
                    | `calls` | list of [ToolCall](#toolcall) | yes |
                    """);
        }

        @Test
        void saysThatProactiveConsumesEveryType() {
            // then
            assertThat(markdown).contains("`janus-proactive` consumes every type through the `*` subscription")
                    .contains("- Consumers: only `janus-proactive` (`*`)");
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
