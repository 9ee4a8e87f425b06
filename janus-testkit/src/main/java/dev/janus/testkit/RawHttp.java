package dev.janus.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request over a plain socket, with the request target sent byte for byte as given: how tests send
 * the paths an attacker would ({@code /api;/v1}, {@code /%61pi}, {@code //}, a backslash) that HTTP clients
 * normalise or refuse to send.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code method target} to {@code 127.0.0.1:port} with {@code headers} (a {@code Host} header unless
     * given, {@code Connection: close}) and {@code body}, and reads the whole response.
     */
    public static Response send(int port, String method, String target, Map<String, String> headers,
            @Nullable String body) throws IOException {
        return send(port, method, target, headers, body, false);
    }

    /**
     * As {@link #send(int, String, String, Map, String)}, but reads only the status line and headers: for answers
     * that do not end, such as an event stream or an accepted WebSocket upgrade (the connection is then closed).
     */
    public static Response head(int port, String method, String target, Map<String, String> headers,
            @Nullable String body) throws IOException {
        return send(port, method, target, headers, body, true);
    }

    private static Response send(int port, String method, String target, Map<String, String> headers,
            @Nullable String body, boolean headersOnly) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.putAll(headers);
        all.putIfAbsent("Connection", "close");
        if (body != null) {
            all.putIfAbsent("Content-Type", "application/json");
            all.put("Content-Length", Integer.toString(payload.length));
        }
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return Response.parse(headersOnly ? readHeaders(socket.getInputStream()) : readAll(socket.getInputStream()));
        }
    }

    private static byte[] readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int next;
        while ((next = in.read()) >= 0) {
            head.write(next);
            last4 = (last4 << 8) | next;
            if (last4 == 0x0D0A0D0A) {
                break;
            }
        }
        return head.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /**
     * A response: its status, headers (names in lower case) and body (chunked transfer decoded).
     *
     * @param status the status code
     * @param headers the headers, names in lower case
     * @param body the body as UTF-8
     */
    public record Response(int status, Map<String, String> headers, String body) {

        static Response parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("not an HTTP response: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, Math.min(end + 4, raw.length), raw.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd = at;
                while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                    lineEnd++;
                }
                String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
                int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
                if (length == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, length);
                at = lineEnd + 2 + length + 2;
            }
            return out.toByteArray();
        }
    }
}
