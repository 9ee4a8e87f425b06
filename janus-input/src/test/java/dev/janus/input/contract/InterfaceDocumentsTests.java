package dev.janus.input.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.janus.events.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class InterfaceDocumentsTests {

    private static final String REGENERATE = "regenerate them with: " + dev.janus.events.EventCatalogue.REGENERATE;

    private final Map<String, String> generated = InterfaceDocuments.generate();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theCommittedDocumentsMatchTheCode() throws IOException {
        // given
        Path docs = docsDirectory();

        // when
        if (Boolean.getBoolean("janus.docs.write")) {
            InterfaceDocuments.write(docs);
        }

        // then
        for (Map.Entry<String, String> document : generated.entrySet()) {
            Path file = docs.resolve(document.getKey());
            if (!Files.exists(file)) {
                fail("docs/" + document.getKey() + " does not exist; " + REGENERATE);
            }
            String committed = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!committed.equals(document.getValue())) {
                fail("docs/" + document.getKey() + " is out of date; " + REGENERATE + "\n"
                        + firstDifference(committed, document.getValue()));
            }
        }
    }

    @Nested
    class TheAsyncApiDocument {

        private final JsonNode document = parse(generated.get("asyncapi.yaml"));

        @Test
        void isValidAsyncApi30() throws IOException {
            // given
            Schema schema;
            try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0-schema.json")) {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                        .getSchema(json.readTree(in));
            }

            // when
            List<Error> errors = schema.validate(document);

            // then
            assertThat(errors).extracting(Error::toString).isEmpty();
            assertThat(document.get("asyncapi").stringValue()).isEqualTo("3.0.0");
            assertThat(schema.validate(json.readTree("{\"asyncapi\":\"3.0.0\",\"channels\":{\"x\":1}}")))
                    .as("the schema finds what is wrong").isNotEmpty();
        }

        @Test
        void describesEveryFrameOfTheChatSocketBothWays() {
            // given
            JsonNode chat = document.at("/channels/chat");

            // then
            assertThat(chat.get("address").stringValue()).isEqualTo("/ws/chat");
            assertThat(chat.get("messages").propertyNames()).containsExactlyInAnyOrder("message", "interrupt",
                    "feedback", "response", "delta", "interrupted", "tool_progress", "suggestion", "accepted", "error");
            assertThat(document.at("/components/messages/ChatFrame.Delta/payload/$ref").stringValue())
                    .isEqualTo("#/components/schemas/ChatFrame.Delta");
            JsonNode delta = document.at("/components/schemas/ChatFrame.Delta");
            assertThat(delta.at("/properties/type/const").stringValue()).isEqualTo("delta");
            assertThat(delta.get("required").valueStream().map(JsonNode::stringValue))
                    .containsExactly("type", "correlation_id", "sequence", "text");
            assertThat(document.at("/channels/chat/bindings/ws/query/required/0").stringValue()).isEqualTo("stream_id");
        }

        @Test
        void describesTheAudioAndVideoSocketsWithTheirBinaryFrames() {
            // then
            assertThat(document.at("/channels/audio/messages").propertyNames()).contains("start", "stop", "audio",
                    "transcript", "speech", "speech_end", "speech_started", "speechAudio", "response", "delta");
            assertThat(document.at("/components/schemas/VoiceFrame.Transcript/properties/final/type").stringValue())
                    .isEqualTo("boolean");
            assertThat(document.at("/components/messages/VideoFrame/contentType").stringValue())
                    .isEqualTo("image/jpeg");
        }

        @Test
        void hasAChannelPerEventTypeWithItsContentRecordPublisherAndConsumers() {
            // then
            for (EventType type : EventType.values()) {
                JsonNode channel = document.at("/channels/" + type.wireName().replace("/", "~1"));
                assertThat(channel.get("address").stringValue()).isEqualTo("janus:" + type.wireName());
                JsonNode operation = document.get("operations").get(type.wireName() + ".publish");
                assertThat(operation.get("x-janus-publishers").valueStream().map(JsonNode::stringValue).toList())
                        .isEqualTo(type.publishers());
                JsonNode content = document.at("/components/messages/" + type.wireName() + "/payload/allOf/1"
                        + "/properties/content/$ref");
                assertThat(content.stringValue()).isEqualTo("#/components/schemas/"
                        + type.contentType().getSimpleName());
            }
            assertThat(document.at("/components/schemas/JanusEvent/properties/event_type/enum").size())
                    .isEqualTo(EventType.values().length);
            assertThat(document.at("/components/schemas/ToolResult/properties/output/type").stringValue())
                    .isEqualTo("string");
            assertThat(document.at("/components/schemas/ToolResult/required").valueStream()
                    .map(JsonNode::stringValue)).doesNotContain("output", "error");
        }

        @Test
        void namesEveryFrameTypeTheServerSends() {
            // then
            List<String> types = Arrays.stream(dev.janus.input.delivery.Frame.class.getPermittedSubclasses())
                    .map(frame -> "ChatFrame." + frame.getSimpleName()).toList();
            assertThat(document.at("/components/messages").propertyNames()).containsAll(types);
        }
    }

    private JsonNode parse(String yaml) {
        Object tree = new Yaml(new LoaderOptions()).load(yaml);
        return json.valueToTree(tree);
    }

    /** {@code ../docs} from the module directory (surefire's working directory), else the nearest one above. */
    private static Path docsDirectory() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path beside = workingDirectory.resolveSibling("docs");
        if (Files.isDirectory(beside)) {
            return beside;
        }
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs"))) {
                return dir.resolve("docs");
            }
        }
        return beside;
    }

    private static String firstDifference(String committed, String generated) {
        List<String> expected = generated.lines().toList();
        List<String> actual = committed.lines().toList();
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
