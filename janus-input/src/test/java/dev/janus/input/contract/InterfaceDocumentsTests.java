package dev.janus.input.contract;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventRegistry;
import dev.janus.events.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the generated documents say, from a registry where each type is published by the component its prefix names;
 * that the committed files are up to date is checked by {@code EventRegistryIntegrationTests} in {@code janus-app},
 * from the registry of the running app.
 */
class InterfaceDocumentsTests {

    private final EventRegistry registry = registry();
    private final Map<String, String> generated = InterfaceDocuments.generate(registry);

    private static EventRegistry registry() {
        List<ComponentEvents> declarations = new ArrayList<>();
        for (EventType type : EventType.values()) {
            declarations.add(ComponentEvents.of("janus-" + type.wireName().substring(0, type.wireName().indexOf('.')))
                    .publishes(type).build());
        }
        declarations.add(ComponentEvents.of("janus-llm").publishes(EventType.ORCHESTRATOR_TOOLS_REQUESTED).build());
        declarations.add(ComponentEvents.of("janus-tools").consumes(EventType.ORCHESTRATOR_TOOLS_REQUESTED).build());
        return new EventRegistry(declarations);
    }
    private final JsonMapper json = JsonMapper.builder().build();

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
                        .isEqualTo(registry.publishersOf(type));
                JsonNode content = document.at("/components/messages/" + type.wireName() + "/payload/allOf/1"
                        + "/properties/content/$ref");
                assertThat(content.stringValue()).isEqualTo("#/components/schemas/"
                        + type.contentType().getSimpleName());
            }
            assertThat(document.at("/operations/orchestrator.tools.requested.publish/x-janus-publishers")
                    .valueStream().map(JsonNode::stringValue)).containsExactly("janus-llm", "janus-orchestrator");
            assertThat(document.at("/operations/orchestrator.tools.requested.publish/x-janus-consumers")
                    .valueStream().map(JsonNode::stringValue)).containsExactly("janus-tools");
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
}
