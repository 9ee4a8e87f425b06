package dev.janus.input.speech;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpServer;
import dev.janus.input.audio.WavFile;

/**
 * A real HTTP server speaking OpenAI's speech format: {@code POST /v1/audio/speech} with
 * {@code {"model","input","voice","response_format"}}, answered by the audio file. It speaks nothing: its "speech" of
 * a text is a tone as many tenths of a second long as the text has words, 16-bit PCM WAV at 24 kHz, as OpenAI's
 * {@code wav} is. The next reply may be scripted.
 */
final class SpeechServer implements AutoCloseable {

    /** What one request carried. */
    record Request(String authorization, String body) {
    }

    private record Reply(int status, String contentType, byte[] body) {
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final HttpServer server;

    SpeechServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/audio/speech", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(authorization == null ? "" : authorization, body));
            Reply reply = replies.poll();
            if (reply == null) {
                int words = body.substring(body.indexOf("\"input\"")).split(" ").length;
                reply = new Reply(200, "audio/wav", tone(words * 2_400).encode());
            }
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            exchange.getResponseBody().write(reply.body());
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request is answered with this status, type and body. */
    SpeechServer then(int status, String contentType, String body) {
        replies.add(new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    static WavFile tone(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (Math.sin(i / 8.0) * 6_000);
        }
        return new WavFile(pcm, 24_000);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
