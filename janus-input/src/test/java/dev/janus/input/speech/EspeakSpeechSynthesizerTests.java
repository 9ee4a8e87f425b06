package dev.janus.input.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import dev.janus.processes.ProcessFacts;
import dev.janus.input.audio.WavFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** espeak-ng runs as a child process of its own for each reply: it must end with the reply, whatever it does. */
class EspeakSpeechSynthesizerTests {

    @TempDir
    Path directory;

    private static List<ProcessHandle> running(String command) {
        return ProcessHandle.current().descendants().filter(ProcessFacts::running)
                .filter(process -> String.join(" ", ProcessFacts.commandLine(process)).contains(command))
                .toList();
    }

    @Test
    void speaksAndLeavesNoProcessBehind() {
        // given
        Assumptions.assumeTrue(EspeakSpeechSynthesizer.isInstalled("espeak-ng"), "espeak-ng is not installed");
        EspeakSpeechSynthesizer espeak = new EspeakSpeechSynthesizer(new SpeechProperties.Espeak(null, null, null,
                null));

        // when
        WavFile speech = espeak.synthesize("The timer is done.");

        // then
        assertThat(speech.durationMs()).isBetween(500L, 5_000L);
        assertThat(running("espeak-ng")).isEmpty();
    }

    @Test
    void stopsARunThatTakesTooLongWithWhatItStarted() throws Exception {
        // given: a stand-in for espeak-ng that ignores its input and waits on a child of its own
        Path hanging = directory.resolve("hanging-espeak");
        Files.writeString(hanging, "#!/bin/sh\nsleep 600 &\nwait\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
        EspeakSpeechSynthesizer espeak = new EspeakSpeechSynthesizer(new SpeechProperties.Espeak(hanging.toString(),
                null, null, Duration.ofMillis(300)));

        // when / then
        assertThatThrownBy(() -> espeak.synthesize("Hello")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("took longer than PT0.3S");
        assertThat(running(hanging.toString())).isEmpty();
        assertThat(running("sleep 600")).isEmpty();
    }
}
