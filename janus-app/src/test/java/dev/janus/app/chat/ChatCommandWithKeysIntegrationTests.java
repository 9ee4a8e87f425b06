package dev.janus.app.chat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.janus.app.JanusApplication;
import dev.janus.app.JanusCommandLine;
import dev.janus.bus.EventBus;
import dev.janus.bus.EventHistory;
import dev.janus.bus.EventPattern;
import dev.janus.events.JanusEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code chat --key KEY} against the all-in-one app with API keys: the chat speaks as the key's principal, and a key
 * Janus does not know ends it with status 1 and says why.
 */
@SpringBootTest(classes = JanusApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "janus.security.api-keys[0].principal=ada",
                "janus.security.api-keys[0].key=" + ChatCommandWithKeysIntegrationTests.ADA })
class ChatCommandWithKeysIntegrationTests {

    static final String ADA = "ada-key-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    EventBus bus;

    @Test
    void speaksAsTheKeysPrincipal() throws Exception {
        // given
        String stream = "cli-key-" + UUID.randomUUID();
        StringWriter output = new StringWriter();
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing, 64 * 1024);
        PrintWriter out = new PrintWriter(output, true);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> JanusCommandLine.run(input, out, out,
                "chat", "--url", "http://127.0.0.1:" + port, "--key", ADA, "--stream", stream));

        // when
        await().atMost(WAIT).untilAsserted(() -> assertThat(output.toString()).contains("Connected to "));
        typing.write("what is 6 * 7?\n".getBytes(StandardCharsets.UTF_8));
        typing.close();

        // then: the reply comes, and the message was ada's
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(output.toString()).isZero();
        assertThat(output.toString()).contains(" as ada, stream " + stream).contains("janus> 6 * 7 = 42");
        assertThat(((EventHistory) bus).recentEvents(EventPattern.of("input.message.received"), stream, 10))
                .extracting(JanusEvent::context).extracting(context -> context.userId()).containsOnly("ada");
    }

    @Test
    void anUnknownKeyOrNoneEndsTheChatWithStatusOneSayingWhy() {
        assertThat(chatFails("--key", "not-a-key-of-anyone")).startsWith("Cannot talk to Janus at ")
                .contains("the API key is not known");
        assertThat(chatFails()).startsWith("Cannot talk to Janus at ").contains("Authorization: Bearer <key>");
    }

    private String chatFails(String... keyOptions) {
        StringWriter errors = new StringWriter();
        String[] args = new String[keyOptions.length + 3];
        args[0] = "chat";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + port;
        System.arraycopy(keyOptions, 0, args, 3, keyOptions.length);
        int status = JanusCommandLine.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(errors, true), args);
        assertThat(status).as(errors.toString()).isEqualTo(1);
        return errors.toString();
    }
}
