package dev.janus.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.janus.tools.ToolsProperties;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The http_get tool against a real HTTP server on loopback. */
class HttpGetToolIntegrationTests {

    private HttpServer server;
    private String base;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"greeting\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/big", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("0123456789".repeat(100).getBytes(StandardCharsets.US_ASCII));
                }
            }
        });
        server.createContext("/slow", exchange -> {
            requests.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/inside", exchange -> redirect(exchange, "/hello"));
        server.createContext("/outside", exchange -> redirect(exchange, "http://elsewhere.example/steal"));
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private static ToolsProperties.Http settings(List<String> hosts, boolean allowPrivate, int maxBytes, Duration timeout) {
        return new ToolsProperties.Http(true, hosts, allowPrivate, maxBytes, timeout, 3);
    }

    private static String get(HttpGetTool tool, String url) throws Exception {
        return tool.execute(ToolInvocation.of(Map.of("url", url)));
    }

    @Nested
    class Refuses {

        private final HttpGetTool tool = new HttpGetTool(settings(List.of("127.0.0.1", "localhost", "intranet.example",
                "rebinding.example"), false, 65_536, Duration.ofSeconds(5)), host -> switch (host) {
                    case "intranet.example" -> new InetAddress[] { InetAddress.getByName("10.0.0.5") };
                    case "rebinding.example" -> new InetAddress[] { InetAddress.getByName("93.184.215.14"),
                            InetAddress.getByName("169.254.169.254") };
                    default -> InetAddress.getAllByName(host);
                });

        @Test
        void loopbackAddressesEvenOfAnAllowedHost() {
            assertThatThrownBy(() -> get(tool, base + "/hello")).isInstanceOf(ToolFailure.class)
                    .hasMessage("refused to fetch " + base + "/hello: 127.0.0.1 resolves to 127.0.0.1 is a loopback "
                            + "address, which http_get never reaches");
            assertThat(requests).hasValue(0);
        }

        @Test
        void hostsThatResolveToAPrivateAddress() {
            assertThatThrownBy(() -> get(tool, "http://intranet.example/admin")).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("10.0.0.5 is a private address");
        }

        @Test
        void hostsWithAnyPrivateAddressAmongTheirAddresses() {
            assertThatThrownBy(() -> get(tool, "http://rebinding.example/")).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("169.254.169.254 is a link-local address");
        }

        @Test
        void hostsNotOnTheAllowList() {
            assertThatThrownBy(() -> get(tool, "https://example.org/")).isInstanceOf(ToolFailure.class)
                    .hasMessageStartingWith("the host example.org is not on the allow-list");
        }

        @Test
        void schemesOtherThanHttpAndUserInfo() {
            assertThatThrownBy(() -> get(tool, "file:///etc/passwd")).isInstanceOf(ToolFailure.class)
                    .hasMessage("only http and https URLs can be fetched, not 'file:///etc/passwd'");
            assertThatThrownBy(() -> get(tool, "http://user:secret@localhost/")).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("no user name or password");
        }

        @Test
        void everythingWhenNoHostIsAllowed() {
            HttpGetTool closed = new HttpGetTool(settings(List.of(), true, 1_000, Duration.ofSeconds(1)));
            assertThatThrownBy(() -> get(closed, base + "/hello")).isInstanceOf(ToolFailure.class)
                    .hasMessage("no host may be fetched: janus.tools.http.allowed-hosts is empty");
        }
    }

    @Nested
    class WithPrivateAddressesOptedIn {

        private final HttpGetTool tool = new HttpGetTool(settings(List.of("127.0.0.1"), true, 2_000,
                Duration.ofSeconds(10)));

        @Test
        void fetchesTheBody() throws Exception {
            assertThat(get(tool, base + "/hello")).isEqualTo("HTTP 200 from " + base
                    + "/hello (application/json; charset=utf-8, 20 bytes):\n{\"greeting\":\"hello\"}");
        }

        @Test
        void cutsTheBodyAtTheSizeLimit() throws Exception {
            String text = get(tool, base + "/big");
            assertThat(text).startsWith("HTTP 200 from " + base + "/big (text/plain, 2000 bytes, cut at the size limit):");
            assertThat(text.substring(text.indexOf('\n') + 1)).hasSize(2_000);
        }

        @Test
        void givesUpAtTheTimeout() {
            HttpGetTool impatient = new HttpGetTool(settings(List.of("127.0.0.1"), true, 2_000, Duration.ofMillis(500)));
            assertThatThrownBy(() -> get(impatient, base + "/slow")).isInstanceOf(ToolFailure.class)
                    .hasMessage("127.0.0.1 did not answer within 0.5s")
                    .satisfies(e -> assertThat(((ToolFailure) e).faultOfTool()).isTrue());
        }

        @Test
        void givesUpAtTheTimeoutHoweverSlowlyTheServerDripsItsAnswer() throws Exception {
            // given a server that sends its status line one byte every 100 ms, never ending it
            try (ServerSocket dripping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread drip = new Thread(() -> {
                    try (Socket client = dripping.accept(); OutputStream out = client.getOutputStream()) {
                        while (true) {
                            out.write('H');
                            out.flush();
                            Thread.sleep(100);
                        }
                    }
                    catch (IOException | InterruptedException e) {
                        // the client gave up: done
                    }
                });
                drip.setDaemon(true);
                drip.start();
                HttpGetTool impatient = new HttpGetTool(settings(List.of("127.0.0.1"), true, 2_000,
                        Duration.ofMillis(500)));

                // when / then it gives up at its timeout (the bound only catches a read that never ends)
                assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> get(impatient,
                        "http://127.0.0.1:" + dripping.getLocalPort() + "/")))
                        .isInstanceOf(ToolFailure.class).hasMessage("127.0.0.1 did not answer within 0.5s");
            }
        }

        @Test
        void followsRedirectsToAllowedHostsOnly() throws Exception {
            assertThat(get(tool, base + "/inside")).contains("{\"greeting\":\"hello\"}");
            assertThatThrownBy(() -> get(tool, base + "/outside")).isInstanceOf(ToolFailure.class)
                    .hasMessageStartingWith("the host elsewhere.example is not on the allow-list");
        }

        @Test
        void reportsErrorStatuses() {
            assertThatThrownBy(() -> get(tool, base + "/missing")).isInstanceOf(ToolFailure.class)
                    .hasMessageStartingWith(base + "/missing answered 404")
                    .satisfies(e -> assertThat(((ToolFailure) e).faultOfTool()).isFalse());
            assertThatThrownBy(() -> get(tool, base + "/broken")).isInstanceOf(ToolFailure.class)
                    .hasMessageStartingWith("127.0.0.1 answered 503")
                    .satisfies(e -> assertThat(((ToolFailure) e).faultOfTool()).isTrue());
        }
    }
}
