package dev.janus.app;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JanusCommandLineTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void onlyAFirstArgumentNamingACommandIsACommandEverythingElseGoesToSpring() {
        assertThat(JanusCommandLine.isCommand("chat", "--url", "http://127.0.0.1:8080")).isTrue();
        assertThat(JanusCommandLine.isCommand("replay", "check", "x.jsonl")).isTrue();
        assertThat(JanusCommandLine.isCommand()).isFalse();
        assertThat(JanusCommandLine.isCommand("--janus.bus.type=redis")).isFalse();
        assertThat(JanusCommandLine.isCommand("--server.port=9090", "chat")).isFalse();
    }

    @Test
    void replayCheckReportsEveryBadLineByNumberAndFails(@TempDir Path directory) throws Exception {
        // given
        Path recording = directory.resolve("chat.jsonl");
        Files.writeString(recording, "not json\n{\"event_type\":\"nope\"}\n");

        // when
        int status = run("replay", "check", recording.toString());

        // then
        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).contains(recording + ":1: ").contains(recording + ":2: ")
                .contains("0 valid events, 2 bad lines");
    }

    @Test
    void replayKeepsItsOptionsAndRefusesUnknownOnes() {
        // when
        int missing = run("replay", "export", "--out", "x.jsonl");
        int unknown = run("replay", "run", "x.jsonl", "--sett", "a=b");
        int bare = run("replay");

        // then
        assertThat(missing).isEqualTo(2);
        assertThat(unknown).isEqualTo(2);
        assertThat(bare).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--redis=URL'")
                .contains("Unknown options: '--sett'")
                .contains("a subcommand is missing");
    }

    @Test
    void helpListsTheCommands() {
        // when
        int status = run("chat", "--help");

        // then
        assertThat(status).isZero();
        assertThat(out.toString()).contains("--url=URL").contains("--key=KEY").contains("--stream=ID");
    }

    private int run(String... args) {
        return JanusCommandLine.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
    }
}
