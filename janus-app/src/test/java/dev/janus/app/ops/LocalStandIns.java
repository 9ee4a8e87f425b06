package dev.janus.app.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;

/**
 * Local stand-ins for the hosts a deployment file names: its Redis service ({@code redis}) becomes the test's Redis,
 * its trace collector ({@code jaeger} in Compose, {@code otel-collector...} on Kubernetes) a local HTTP server that
 * takes OTLP posts. Any other host a variable names fails, so a new dependency makes this test learn about it
 * instead of a service quietly reaching out of the machine.
 */
final class LocalStandIns implements AutoCloseable {

    private final String redisUrl;
    private final HttpServer collector;

    LocalStandIns(String redisUrl) {
        this.redisUrl = redisUrl;
        try {
            collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    /** Variables that hold URLs which are matched, never connected to: browser origins. */
    private static final Set<String> NOT_ENDPOINTS = Set.of("JANUS_SECURITY_ALLOWEDORIGINS");

    /** The environment with every URL's host replaced by its local stand-in. */
    Map<String, String> replaceHosts(Map<String, String> environment) {
        Map<String, String> local = new LinkedHashMap<>();
        environment.forEach((name, value) -> local.put(name,
                value.contains("://") && !NOT_ENDPOINTS.contains(name) ? replaceHost(name, value) : value));
        return local;
    }

    private String replaceHost(String name, String value) {
        URI uri = URI.create(value);
        String host = uri.getHost();
        if ("redis".equals(host)) {
            return redisUrl;
        }
        if ("jaeger".equals(host) || host != null && host.startsWith("otel-collector")) {
            return "http://127.0.0.1:" + collector.getAddress().getPort() + uri.getPath();
        }
        if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
            return value;
        }
        throw new AssertionError(name + " names the host " + host + ", which this test has no local stand-in for");
    }

    @Override
    public void close() {
        collector.stop(0);
    }
}
