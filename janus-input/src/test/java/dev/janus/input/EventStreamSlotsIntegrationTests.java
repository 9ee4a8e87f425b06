package dev.janus.input;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.janus.input.delivery.ClientConnections;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event stream ({@code GET …/responses}) whose client goes away gives its slot back without waiting for a reply
 * to be written to it: the heartbeat finds the dead client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "janus.bus.type=memory", "server.address=127.0.0.1",
        "janus.security.api-keys[0].principal=ada", "janus.security.api-keys[0].key=" + EventStreamSlotsIntegrationTests.ADA,
        "janus.input.max-sockets-per-principal=2", "janus.input.heartbeat-interval=100ms",
        "janus.security.rate-limit.requests-per-second=1000", "janus.security.rate-limit.burst=1000" })
class EventStreamSlotsIntegrationTests {

    static final String ADA = "ada-key-0123456789abcdef";

    @LocalServerPort
    int port;

    @Autowired
    OpenSockets open;

    @Autowired
    ClientConnections connections;

    @Test
    void eachOfManyAbortedEventStreamsInARowFreesItsSlot() throws Exception {
        // given ada may hold 2 connections on this node
        for (int i = 0; i < 6; i++) {
            String stream = "ada-" + i + "-" + System.nanoTime();

            // when she opens one more event stream and her client goes away
            int status = openAndAbort(stream);

            // then it was accepted, and its slot and connection are freed without any reply written to it
            assertThat(status).as("event stream %d", i).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> open.count() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !connections.isConnected(stream));
        }
    }

    /** Opens an event stream as curl would, reads its status line and first comment, then closes the socket. */
    private int openAndAbort(String stream) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/streams/" + stream + "/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + ADA + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            if (status == 200) {
                String line;
                do {
                    line = in.readLine();
                }
                while (line != null && !line.startsWith(":"));
            }
            return status;
        }
    }
}
