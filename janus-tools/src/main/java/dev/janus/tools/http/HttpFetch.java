package dev.janus.tools.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET to an address that was already checked: the socket connects to that very address (so a
 * second DNS answer cannot point it elsewhere — no DNS rebinding), while the {@code Host} header, TLS SNI and
 * certificate check use the host name. Reads at most {@code maxBytes} of the body before {@code deadline}
 * (System.nanoTime), understanding Content-Length, chunked encoding and read-to-close.
 */
final class HttpFetch {

    private static final int MAX_LINE = 8_192;
    private static final int MAX_HEADERS = 100;

    /** What came back: status, headers (lower-case names), the body read and whether it was cut. */
    record Response(int status, String reason, Map<String, String> headers, byte[] body, boolean truncated) {
    }

    private HttpFetch() {
    }

    static Response get(URI uri, InetAddress address, int maxBytes, long deadline) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), remaining(deadline));
            Socket socket = plain;
            if (https) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, host, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(host)));
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(remaining(deadline));
                tls.startHandshake();
                socket = tls;
            }
            socket.setSoTimeout(remaining(deadline));
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            String hostHeader = uri.getPort() == -1 ? host : host + ":" + port;
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: Janus-http_get/1\r\n"
                    + "Accept: text/*, application/json, application/xml;q=0.9, */*;q=0.5\r\n"
                    + "Accept-Encoding: identity\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), socket, maxBytes, deadline);
        }
        finally {
            plain.close();
        }
    }

    private static Response read(InputStream in, Socket socket, int maxBytes, long deadline) throws IOException {
        String statusLine = line(in, socket, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("the server did not answer with HTTP");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        }
        catch (NumberFormatException e) {
            throw new IOException("the server answered with a malformed status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0;; i++) {
            String header = line(in, socket, deadline);
            if (header.isEmpty()) {
                break;
            }
            if (i == MAX_HEADERS) {
                throw new IOException("the server sent more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            truncated = readChunked(in, socket, body, maxBytes, deadline);
        }
        else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length"));
            }
            catch (NumberFormatException e) {
                throw new IOException("the server sent a malformed Content-Length");
            }
            copy(in, socket, body, Math.min(length, maxBytes), deadline);
            truncated = length > maxBytes;
        }
        else {
            truncated = copy(in, socket, body, maxBytes, deadline) && in.read() != -1;
        }
        return new Response(status, parts.length > 2 ? parts[2] : "", headers, body.toByteArray(), truncated);
    }

    private static boolean readChunked(InputStream in, Socket socket, ByteArrayOutputStream body, int maxBytes,
            long deadline) throws IOException {
        while (true) {
            String sizeLine = line(in, socket, deadline);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            }
            catch (NumberFormatException e) {
                throw new IOException("the server sent a malformed chunk");
            }
            if (size == 0) {
                return false;
            }
            long room = maxBytes - body.size();
            copy(in, socket, body, Math.min(size, room), deadline);
            if (size > room) {
                return true;
            }
            line(in, socket, deadline);
        }
    }

    /** Copies up to {@code limit} bytes; true when it got them all (false at an early end of stream). */
    private static boolean copy(InputStream in, Socket socket, ByteArrayOutputStream body, long limit, long deadline)
            throws IOException {
        byte[] buffer = new byte[8_192];
        long left = limit;
        while (left > 0) {
            socket.setSoTimeout(remaining(deadline));
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read == -1) {
                return false;
            }
            body.write(buffer, 0, read);
            left -= read;
        }
        return true;
    }

    private static String line(InputStream in, Socket socket, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (in.available() == 0) {
                // the read waits for the network: at most until the deadline, however slowly the bytes come
                socket.setSoTimeout(remaining(deadline));
            }
            int c = in.read();
            if (c == -1) {
                throw new IOException("the server closed the connection early");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("the server sent a line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("time is up");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
