package dev.janus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.bus.Subscription;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventCatalogue;
import dev.janus.events.EventRegistry;
import dev.janus.events.EventType;
import dev.janus.events.JanusEvent;
import dev.janus.input.contract.InterfaceDocuments;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@link EventRegistry} of the running all-in-one app (the defaults; the context
 * {@link ProactiveFlowIntegrationTests} shares) held against what the app does: its live subscriptions are exactly
 * the declared live ones, the events of a conversation with memory and tools come from declared publishers of their
 * types, and {@code docs/events.md} and {@code docs/asyncapi.yaml} are what the registry renders.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventRegistryIntegrationTests {

    private static final String REGENERATE = "regenerate them with: " + EventCatalogue.REGENERATE;

    @Autowired
    EventBus bus;

    @Autowired
    EventRegistry registry;

    @LocalServerPort
    int port;

    @Test
    void theLiveSubscriptionsAreExactlyTheDeclaredOnesWhoseConditionHolds() {
        // when
        Set<String> live = new TreeSet<>();
        for (Subscription subscription : bus.liveSubscriptions()) {
            String group = subscription.group();
            int at = group.indexOf('@');
            if (!group.equals(EventTestHarness.GROUP)) {
                live.add(subscription.pattern() + " " + (at < 0 ? group : group.substring(0, at) + " (broadcast)"));
            }
        }

        // then
        Set<String> declared = new TreeSet<>();
        Set<String> off = new TreeSet<>();
        for (ComponentEvents component : registry.components()) {
            for (ComponentEvents.Consumed consumed : component.subscriptions()) {
                (consumed.live() ? declared : off).add(describe(consumed));
            }
        }
        assertThat(live).as("live subscriptions (pattern and group) of the all-in-one app, against the declared "
                + "ones (ComponentEvents beans of the components' configurations); fix the declaration and "
                + "regenerate docs/events.md").containsExactlyElementsOf(declared);
        assertThat(off).as("the declared subscriptions whose condition does not hold with the defaults")
                .containsExactly("input.video.frame janus-llm (broadcast)",
                        "output.formatting.completed janus-output-webhook",
                        "proactive.suggestion.ready janus-output-webhook");
    }

    @Test
    void everyEventOfAConversationWithMemoryAndToolsComesFromADeclaredPublisherOfItsType() throws Exception {
        // given
        String stream = "registry-conversation";

        // when
        ask(stream, "My favourite colour is green.");
        ask(stream, "what is 17 * 23?");
        ask(stream, "What is my favourite colour?");

        // then
        List<JanusEvent> events = ((EventHistory) bus).recentEvents(EventPattern.ALL, stream, 10_000);
        assertThat(events).extracting(JanusEvent::eventType).contains(EventType.INPUT_MESSAGE_RECEIVED,
                EventType.ORCHESTRATOR_CONTEXT_REQUESTED, EventType.MEMORY_CONTEXT_ASSEMBLED,
                EventType.ORCHESTRATOR_TOOLS_REQUESTED, EventType.TOOLS_EXECUTION_STARTED,
                EventType.TOOLS_EXECUTION_COMPLETED, EventType.ORCHESTRATOR_LLM_REQUESTED,
                EventType.LLM_RESPONSE_GENERATED, EventType.ORCHESTRATOR_RESPONSE_READY,
                EventType.OUTPUT_FORMATTING_COMPLETED, EventType.OUTPUT_MESSAGE_SENT);
        assertThat(events).allSatisfy(event -> assertThat(registry.isPublisher(event.context().source(),
                event.eventType())).as("%s from %s: declared publishers %s", event.eventType(),
                        event.context().source(), registry.publishersOf(event.eventType())).isTrue());
    }

    @Test
    void theCommittedDocumentsAreWhatTheRegistryRenders() throws IOException {
        // given
        Path docs = docsDirectory();
        Map<String, String> generated = InterfaceDocuments.generate(registry);

        // when
        if (Boolean.getBoolean("janus.docs.write")) {
            InterfaceDocuments.write(docs, registry);
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

    private static String describe(ComponentEvents.Consumed consumed) {
        return consumed.type().wireName() + " " + consumed.group() + (consumed.broadcast() ? " (broadcast)" : "");
    }

    private void ask(String stream, String text) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/streams/" + stream + "/messages?wait=10"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"user_id\":\"registry\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
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
