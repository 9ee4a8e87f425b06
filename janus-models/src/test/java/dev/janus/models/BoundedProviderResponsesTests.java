package dev.janus.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedProviderResponsesTests {

    private static final int MIB = 1 << 20;

    @Test
    void readsAStreamOfLinesOfAnyTotalLengthWithinTheBodysBound() throws IOException {
        // given: 3 MiB in lines of 100 KiB, more than one line may hold in all
        String line = "data: " + "x".repeat(100 * 1024 - 7) + "\n";
        Buffer body = new Buffer();
        for (int i = 0; i < 30; i++) {
            body.writeUtf8(line);
        }

        // when
        BufferedSource read = Okio.buffer(new BoundedProviderResponses.Bounded(body));

        // then
        for (int i = 0; i < 30; i++) {
            assertThat(read.readUtf8LineStrict()).hasSize(line.length() - 1);
        }
        assertThat(read.exhausted()).isTrue();
    }

    @Test
    void aLineLongerThanTheBoundFailsTheReadEvenWhenItComesInPieces() {
        // given: a first short line, then one of 1 MiB and a byte, which the source hands over in reads of 8 KiB
        Buffer body = new Buffer().writeUtf8("data: {}\n").writeUtf8("y".repeat(MIB + 1));

        // when, then
        BufferedSource read = Okio.buffer(new BoundedProviderResponses.Bounded(body));
        assertThatThrownBy(() -> {
            read.readUtf8LineStrict();
            read.readUtf8Line();
        }).isInstanceOf(ProviderResponseTooLargeException.class)
                .hasMessage("a line of the provider's response passed 1 MB");
    }

    @Test
    void aLineOfExactlyTheBoundIsRead() throws IOException {
        // given
        Buffer body = new Buffer().writeUtf8("z".repeat(MIB)).writeUtf8("\n");

        // when
        BufferedSource read = Okio.buffer(new BoundedProviderResponses.Bounded(body));

        // then
        assertThat(read.readUtf8LineStrict()).hasSize(MIB);
    }

    @Test
    void aBodyLongerThanTheBoundFailsTheReadWhateverItsLines() {
        // given: 32 MiB and a line more, in short lines
        byte[] lines = "data: {\"choices\":[]}\n".repeat(1024).getBytes(StandardCharsets.UTF_8);
        Buffer body = new Buffer();
        while (body.size() <= BoundedProviderResponses.MAX_BODY_BYTES) {
            body.write(lines);
        }

        // when, then
        BufferedSource read = Okio.buffer(new BoundedProviderResponses.Bounded(body));
        assertThatThrownBy(() -> {
            while (!read.exhausted()) {
                read.readUtf8LineStrict();
            }
        }).isInstanceOf(ProviderResponseTooLargeException.class).hasMessage("the provider's response passed 32 MB");
    }
}
