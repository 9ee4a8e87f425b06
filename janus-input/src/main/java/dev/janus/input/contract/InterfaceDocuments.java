package dev.janus.input.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.janus.events.EventCatalogue;
import dev.janus.events.EventRegistry;

/**
 * The one generator of the documents that describe Janus's sockets and events from the code:
 * {@code docs/asyncapi.yaml} (AsyncAPI 3.0: the WebSocket frames and a channel per event type) and
 * {@code docs/events.md} (the event catalogue, rendered by {@link EventCatalogue}). Who publishes and consumes each
 * type comes from an {@link EventRegistry}: only the all-in-one app's has every component's declarations, so
 * {@code EventRegistryIntegrationTests} (module {@code janus-app}) generates the files from the running app, fails
 * when the committed ones differ and, with {@code -Djanus.docs.write=true}, writes them.
 */
public final class InterfaceDocuments {

    private InterfaceDocuments() {
    }

    /** Each document by its path under {@code docs/}, with {@code \n} line ends. */
    public static Map<String, String> generate(EventRegistry registry) {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("asyncapi.yaml", AsyncApiDocument.yaml(registry));
        documents.put("events.md", EventCatalogue.markdown(registry));
        return documents;
    }

    /** Writes every document into {@code docs}. */
    public static void write(Path docs, EventRegistry registry) throws IOException {
        Files.createDirectories(docs);
        for (Map.Entry<String, String> document : generate(registry).entrySet()) {
            Files.writeString(docs.resolve(document.getKey()), document.getValue(), StandardCharsets.UTF_8);
        }
    }
}
