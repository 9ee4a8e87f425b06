package dev.janus.app.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar janus-app.jar chat --url http://127.0.0.1:8080 [--key KEY] [--stream ID]}: talk to a running
 * Janus from a terminal. Each line typed is a message; replies stream in as they are generated, with tool progress
 * and suggestions. Commands: {@code /stop}, {@code /memories}, {@code /forget [id]}, {@code /accept id},
 * {@code /dismiss id}, {@code /help}, {@code /quit} (or end of input, after the replies still coming, so
 * {@code echo "what is 2 + 2?" | … chat} prints the answer). Exit status 0, or 1 when Janus cannot be reached or
 * refuses the key.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Talk to a running Janus from the terminal.")
public final class ChatCommand implements Callable<Integer> {

    static final String HELP = """
            Type a message and press Enter. Commands:
              /stop           stop the reply being generated (and its tools)
              /memories       what Janus remembers about you
              /forget         forget everything about you (asks first); /forget <id> forgets one memory
              /accept <id>    accept a suggestion; /dismiss <id> dismisses it
              /help           this text; /quit (or Ctrl-D) ends the chat""";

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "where Janus runs (default: ${DEFAULT-VALUE})")
    URI url = URI.create("http://127.0.0.1:8080");

    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:JANUS_API_KEY}",
            description = "the API key (default: $JANUS_API_KEY; none in loopback mode)")
    @Nullable String key;

    @Option(names = "--stream", paramLabel = "ID", description = "the conversation to continue (default: a new one)")
    @Nullable String stream;

    @Option(names = "--user", paramLabel = "ID", description = "speak as this user (an admin's key, or loopback mode, "
            + "may name any; default: the key's principal)")
    @Nullable String user;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "at the end of the input, how long to wait for replies still coming "
                    + "(default: ${DEFAULT-VALUE})")
    int waitSeconds = 60;

    private final BufferedReader in;

    public ChatCommand(BufferedReader in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        if (spec == null) {
            throw new IllegalStateException("picocli injects the spec");
        }
        ReplyPrinter printer = new ReplyPrinter(spec.commandLine().getOut());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String apiKey = key == null || key.isBlank() ? null : key.strip();
        JanusRestClient janus = new JanusRestClient(http, url, apiKey);
        ChatSocket socket;
        String userId;
        try {
            userId = user != null ? user : janus.me().path("user_id").stringValue("");
            String streamId = stream != null ? stream : janus.openStream();
            socket = ChatSocket.open(http, url, streamId, user, apiKey, printer);
            printer.line("Connected to " + url + " as " + userId + ", stream " + streamId + ". /help lists the "
                    + "commands.");
        }
        catch (JanusRestClient.JanusException | java.util.concurrent.CompletionException e) {
            spec.commandLine().getErr().println("Cannot talk to Janus at " + url + ": " + message(e));
            return 1;
        }
        socket.closed().thenAccept(reason -> {
            if (!socket.leaving()) {
                printer.line("  (" + reason + ")");
            }
        });
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!handle(line.strip(), socket, janus, userId, printer)) {
                    break;
                }
            }
            // input piped in ends before its replies come: show them first
            if (!socket.closed().isDone() && !printer.awaitReplies(Duration.ofSeconds(waitSeconds))) {
                printer.line("  (gave up waiting for replies after " + waitSeconds + " s)");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            socket.close();
        }
        return 0;
    }

    /** Does what one line of the user asks; false ends the chat. */
    private boolean handle(String line, ChatSocket socket, JanusRestClient janus, String userId, ReplyPrinter printer)
            throws IOException {
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/")) {
            socket.message(line);
            return true;
        }
        String[] words = line.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        try {
            switch (words[0].toLowerCase(Locale.ROOT)) {
                case "/quit", "/exit" -> {
                    return false;
                }
                case "/stop" -> socket.interrupt();
                case "/memories" -> printMemories(janus.memories(userId), userId, printer);
                case "/forget" -> forget(argument, janus, userId, printer);
                case "/accept" -> feedback(socket, argument, "accepted", printer);
                case "/dismiss" -> feedback(socket, argument, "dismissed", printer);
                case "/help" -> printer.line(HELP);
                default -> printer.line("  unknown command " + words[0] + "; /help lists the commands");
            }
        }
        catch (JanusRestClient.JanusException e) {
            printer.line("  Janus refused: " + e.getMessage());
        }
        return true;
    }

    private void forget(String memoryId, JanusRestClient janus, String userId, ReplyPrinter printer)
            throws IOException {
        if (!memoryId.isEmpty()) {
            JsonNode deleted = janus.forget(userId, memoryId);
            printer.line("  forgot " + deleted.path("kind").stringValue("memory") + " " + memoryId);
            return;
        }
        printer.line("Forget everything Janus remembers about " + userId + "? Type yes to confirm:");
        String answer = in.readLine();
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            printer.line("  nothing was forgotten");
            return;
        }
        try {
            JsonNode forgotten = janus.forget(userId);
            printer.line("  forgot " + userId + ": " + forgotten.path("facts_deleted").asInt() + " facts, "
                    + forgotten.path("history_items_deleted").asInt() + " history items, "
                    + forgotten.path("events_deleted").asInt() + " events");
        }
        catch (JanusRestClient.JanusException e) {
            if (e.status() != 404) {
                throw e;
            }
            printer.line("  Janus remembers nothing about " + userId);
        }
    }

    private static void feedback(ChatSocket socket, String suggestionId, String feedback, ReplyPrinter printer) {
        if (suggestionId.isEmpty()) {
            printer.line("  which suggestion? e.g. /accept <id> with the id shown next to it");
            return;
        }
        socket.feedback(suggestionId, feedback);
    }

    private static void printMemories(JsonNode memories, String userId, ReplyPrinter printer) {
        if (!memories.has("facts")) {
            printer.line("Janus remembers nothing about " + userId + ".");
            return;
        }
        StringBuilder text = new StringBuilder("What Janus remembers about ").append(userId).append(":\n  facts:");
        for (JsonNode fact : memories.path("facts")) {
            text.append("\n    ").append(fact.path("attribute").stringValue("")).append(": ")
                    .append(fact.path("value").stringValue(""))
                    .append("superseded".equals(fact.path("status").stringValue("")) ? " (superseded)" : "")
                    .append("   [").append(fact.path("id").stringValue("")).append(']');
        }
        text.append("\n  recent (").append(memories.path("item_count").asInt()).append(" in all):");
        for (JsonNode item : memories.path("items")) {
            String said = item.path("text").stringValue("").replace('\n', ' ');
            text.append("\n    ").append(item.path("role").stringValue("")).append(": ")
                    .append(said.length() > 100 ? said.substring(0, 100) + "…" : said)
                    .append("   [").append(item.path("id").stringValue("")).append(']');
        }
        printer.line(text.toString());
    }

    private static String message(Throwable e) {
        Throwable cause = e.getCause() != null && e.getMessage() != null && e.getMessage().startsWith("java.")
                ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
