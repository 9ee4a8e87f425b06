package dev.janus.app.chat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.janus.app.JanusApplication;
import dev.janus.app.JanusCommandLine;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ResponseDelta;
import dev.janus.events.SuggestionFeedback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar janus-app.jar chat} against the running all-in-one app: the command runs as the jar runs it
 * ({@link JanusCommandLine}), its input a pipe the test types into, its output what the test reads.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatCommandIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    private final StringWriter output = new StringWriter();
    private PipedOutputStream typing;
    private CompletableFuture<Integer> exit;

    @AfterEach
    void endChat() throws IOException {
        System.out.println("The chat's terminal:\n" + output);
        if (typing != null) {
            typing.close();
            await().atMost(WAIT).until(exit::isDone);
        }
    }

    @Test
    void answersAMessageWithTheReplyAndItsToolResults() throws Exception {
        // given
        chat("--stream", "cli-" + UUID.randomUUID());

        // when
        type("what is 17 * 23?");

        // then
        awaitOutput("janus> 17 * 23 = 391");
        awaitOutput("[calculator: ok in ");
    }

    @Test
    void printsTheDeltasOfAReplyAsTheyArrive() throws Exception {
        // given a chat on a stream, and a reply the model is still generating
        String stream = "cli-" + UUID.randomUUID();
        chat("--stream", stream);

        // when its first pieces arrive (published as the LLM component publishes them)
        JanusEvent first = JanusEvent.create(EventKeys.LLM_RESPONSE_DELTA, stream, new ResponseDelta(0, "Streaming "),
                EventContext.from("janus-llm"));
        bus.publish(first).join();
        bus.publish(first.reply(EventKeys.LLM_RESPONSE_DELTA, new ResponseDelta(1, "as it comes"), "janus-llm")).join();

        // then they are on the terminal before the reply is complete
        awaitOutput("janus> Streaming as it comes");
    }

    @Test
    void showsAToolsProgressAndStopsTheReplyOnSlashStop() throws Exception {
        // given a timer running for a message
        chat("--stream", "cli-" + UUID.randomUUID());
        type("set a timer for 60 seconds");
        awaitOutput("… timer ");

        // when
        type("/stop");

        // then
        awaitOutput("(stopped)");
        awaitOutput("[timer: failed (");
    }

    @Test
    void listsWhatJanusRemembersAndForgetsItAfterConfirmation() throws Exception {
        // given
        String user = "cli-ada-" + UUID.randomUUID().toString().substring(0, 8);
        chat("--user", user);
        type("My name is Ada.");
        awaitOutput("janus> ");

        // when (typed on this thread: a pipe's reader fails with "Write end dead" once the thread that wrote to it
        // last has ended, and Awaitility polls on a thread of its own that ends with the wait)
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
            type("/memories");
            assertThat(output.toString()).contains("name: Ada");
        });
        type("/forget");
        awaitOutput("Type yes to confirm");
        type("yes");

        // then
        awaitOutput("forgot " + user + ": ");
        type("/memories");
        awaitOutput("Janus remembers nothing about " + user);
    }

    @Test
    void acceptsASuggestion() throws Exception {
        // given a question asked three times by one user, which proactive notices
        String user = "cli-sam-" + UUID.randomUUID().toString().substring(0, 8);
        chat("--user", user);
        for (int i = 0; i < 3; i++) {
            type("Where did I leave my umbrella?");
        }
        String suggestionId = awaitSuggestion();

        // when
        type("/accept " + suggestionId);

        // then
        await().atMost(WAIT).until(() -> ((EventHistory) bus)
                .recentEvents(EventPattern.of("input.suggestion.feedback"), null, 1_000).stream()
                .map(event -> event.content(EventKeys.INPUT_SUGGESTION_FEEDBACK))
                .anyMatch(feedback -> feedback.suggestionId().equals(suggestionId)
                        && feedback.feedback().equals(SuggestionFeedback.ACCEPTED)));
    }

    @Test
    void endsAfterTheRepliesToPipedInputHaveCome() throws Exception {
        // given
        chat("--stream", "cli-" + UUID.randomUUID());

        // when the input ends right after a message
        type("what is 6 * 7?");
        typing.close();

        // then the reply is shown, then the chat ends
        assertThat(exit.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isZero();
        assertThat(output.toString()).contains("janus> 6 * 7 = 42");
        typing = null;
    }

    @Test
    void saysSoWhenJanusCannotBeReached() {
        // when
        StringWriter errors = new StringWriter();
        int status = JanusCommandLine.run(new java.io.ByteArrayInputStream(new byte[0]), new PrintWriter(output),
                new PrintWriter(errors, true), "chat", "--url", "http://127.0.0.1:1");

        // then
        assertThat(status).isEqualTo(1);
        assertThat(errors.toString()).startsWith("Cannot talk to Janus at http://127.0.0.1:1: ");
    }

    private void chat(String... options) throws IOException {
        PipedInputStream input = new PipedInputStream(64 * 1024);
        typing = new PipedOutputStream(input);
        String[] args = new String[options.length + 3];
        args[0] = "chat";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + port;
        System.arraycopy(options, 0, args, 3, options.length);
        PrintWriter out = new PrintWriter(output, true);
        exit = CompletableFuture.supplyAsync(() -> JanusCommandLine.run(input, out, out, args));
        awaitOutput("Connected to ");
    }

    private void type(String line) throws IOException {
        typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        typing.flush();
    }

    private void awaitOutput(String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(output.toString()).contains(text));
    }

    private String awaitSuggestion() {
        Pattern suggestion = Pattern.compile("suggestion (\\S+) \\(");
        return await().atMost(WAIT).until(() -> {
            Matcher found = suggestion.matcher(output.toString());
            return found.find() ? found.group(1) : null;
        }, id -> id != null);
    }
}
