package dev.janus.input.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.janus.events.EventCatalogue;

/**
 * The one generator of the documents that describe Janus's sockets and events from the code:
 * {@code docs/asyncapi.yaml} (AsyncAPI 3.0: the WebSocket frames and a channel per event type) and
 * {@code docs/events.md} (the event catalogue, rendered by {@link EventCatalogue}). {@code InterfaceDocumentsTests}
 * fails when the committed files differ from what this generates; {@link #main} (or the test with
 * {@code -Djanus.docs.write=true}) writes them.
 */
public final class InterfaceDocuments {

    private InterfaceDocuments() {
    }

    /** Each document by its path under {@code docs/}, with {@code \n} line ends. */
    public static Map<String, String> generate() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("asyncapi.yaml", AsyncApiDocument.yaml());
        documents.put("events.md", EventCatalogue.markdown());
        return documents;
    }

    /** Writes every document into {@code docs}. */
    public static void write(Path docs) throws IOException {
        Files.createDirectories(docs);
        for (Map.Entry<String, String> document : generate().entrySet()) {
            Files.writeString(docs.resolve(document.getKey()), document.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the documents into the directory given, by default {@code docs}. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "docs"));
    }
}
