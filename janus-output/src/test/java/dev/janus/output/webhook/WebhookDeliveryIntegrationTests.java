package dev.janus.output.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.janus.events.DeliveryFailure;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.EventType;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.output.OutputProperties;
import dev.janus.output.format.ChannelFormatter;
import dev.janus.testkit.EventTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook channel against a real HTTP receiver on loopback. */
class WebhookDeliveryIntegrationTests {

    private record Received(String body, Map<String, List<String>> headers) {
    }

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private EventTestHarness harness;
    private WebhookDelivery delivery;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : 204;
            if (status == 204) {
                received.add(new Received(body, exchange.getRequestHeaders()));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        harness = new EventTestHarness();
    }

    @AfterEach
    void stop() {
        delivery.stop();
        harness.close();
        receiver.stop(0);
    }

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    // the URL's path and query are a secret of the receiver: they must never show in events or logs
    private static final String URL_SECRET = "hook-t0p-s3cret";

    private void deliverTo(String secret) {
        deliverTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=" + URL_SECRET),
                secret);
    }

    private void deliverTo(URI url, String secret) {
        delivery = new WebhookDelivery(harness.eventBus(),
                new OutputProperties.Webhook(url, secret, 3, Duration.ofSeconds(2), Duration.ofMillis(10)),
                new ChannelFormatter(), Clock.fixed(NOW, ZoneOffset.UTC));
        delivery.start();
    }

    private static JanusEvent formatted() {
        return JanusEvent.create(EventKeys.OUTPUT_FORMATTING_COMPLETED, "conversation",
                new FormattedResponse("17 * 23 = 391", "chat", "markdown", List.of()),
                new EventContext("janus-output", "ada", "chat", null, Map.of()));
    }

    @Test
    void postsTheReplySignedWithTheSharedSecret() throws Exception {
        // given
        deliverTo("s3cret");
        JanusEvent reply = formatted();

        // when
        JanusEvent sent = harness.sendAndWait(reply, EventType.OUTPUT_MESSAGE_SENT, Duration.ofSeconds(10));

        // then
        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.body()).contains("\"event_id\":\"" + reply.eventId() + "\"").contains("17 * 23 = 391");
        assertThat(post.headers().get("X-janus-signature"))
                .containsExactly("sha256=" + WebhookDelivery.sign(post.body(), "s3cret"));
        assertThat(post.headers().get("X-janus-signature-256"))
                .containsExactly("t=" + NOW.getEpochSecond() + ",v1=" + WebhookDelivery.sign(NOW.getEpochSecond() + "."
                        + post.body(), "s3cret"));
        assertThat(post.headers().get("X-janus-event-id")).containsExactly(reply.eventId());
        assertThat(sent.content(EventKeys.OUTPUT_MESSAGE_SENT).via()).isEqualTo("webhook");
        // the outbox's delivery of the same reply has its own id: consumers skip neither as a repeat of the other
        assertThat(sent.eventId()).isNotEqualTo(JanusEvent.derivedId(reply.eventId(), EventKeys.OUTPUT_MESSAGE_SENT));
    }

    @Test
    void postsAProactiveSuggestion() throws Exception {
        // given
        deliverTo("s3cret");
        JanusEvent ready = JanusEvent.create(EventKeys.PROACTIVE_SUGGESTION_READY, "conversation",
                new ProactiveSuggestion("sug-1", "reminder", "Reminder: call Maria", List.of("evt-1")),
                new EventContext("janus-proactive", "ada", "chat", null, Map.of()));

        // when
        JanusEvent sent = harness.sendAndWait(ready, EventType.OUTPUT_MESSAGE_SENT, Duration.ofSeconds(10));

        // then
        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.body()).contains("\"suggestion\":{\"id\":\"sug-1\",\"kind\":\"reminder\","
                + "\"text\":\"Reminder: call Maria\"}");
        assertThat(sent.content(EventKeys.OUTPUT_MESSAGE_SENT).text()).isEqualTo("Reminder: call Maria");
    }

    @Test
    void retriesServerErrorsUntilTheReceiverAccepts() throws Exception {
        // given
        failuresLeft.set(2);
        deliverTo("s3cret");

        // when
        JanusEvent sent = harness.sendAndWait(formatted(), EventType.OUTPUT_MESSAGE_SENT, Duration.ofSeconds(10));

        // then
        assertThat(sent).isNotNull();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(received).isEmpty();
    }

    @Test
    void reportsAFailureAfterTheLastAttempt() throws Exception {
        // given
        failuresLeft.set(100);
        deliverTo(null);

        // when
        JanusEvent failed = harness.sendAndWait(formatted(), EventType.OUTPUT_MESSAGE_FAILED, Duration.ofSeconds(10));

        // then
        DeliveryFailure failure = failed.content(EventKeys.OUTPUT_MESSAGE_FAILED);
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(failure.channel()).isEqualTo("webhook");
        assertThat(failure.reason()).contains("answered HTTP 500").contains("http://127.0.0.1:")
                .doesNotContain(URL_SECRET).doesNotContain("/hook");
    }

    @Test
    void anUnreachableReceiverIsReportedWithoutItsUrl() throws Exception {
        // given a port nobody listens on
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        deliverTo(URI.create("http://127.0.0.1:" + closed + "/hook/" + URL_SECRET), null);

        // when
        JanusEvent failed = harness.sendAndWait(formatted(), EventType.OUTPUT_MESSAGE_FAILED, Duration.ofSeconds(10));

        // then no event carries the URL's secret part
        assertThat(failed.content(EventKeys.OUTPUT_MESSAGE_FAILED).reason()).contains("could not be reached");
        assertThat(harness.publishedEvents()).allSatisfy(event -> assertThat(new dev.janus.events.EventCodec()
                .encodeToString(event)).doesNotContain(URL_SECRET));
    }

    @Test
    void aReceiverCanRefuseAReplayedCallByItsTimestamp() throws Exception {
        // given a delivered call, captured
        deliverTo("s3cret");
        harness.sendAndWait(formatted(), EventType.OUTPUT_MESSAGE_SENT, Duration.ofSeconds(10));
        Received post = received.poll(10, TimeUnit.SECONDS);
        String header = post.headers().get("X-janus-signature-256").get(0);

        // then the receiver's check (as the README shows it) accepts it now and refuses it ten minutes later
        assertThat(acceptedByReceiver(header, post.body(), NOW.plusSeconds(30))).isTrue();
        assertThat(acceptedByReceiver(header, post.body(), NOW.plusSeconds(600))).isFalse();
        assertThat(acceptedByReceiver(header, post.body() + " ", NOW.plusSeconds(30))).isFalse();
    }

    /** What a receiver does: recompute the HMAC of "t.body" and refuse timestamps older than five minutes. */
    private static boolean acceptedByReceiver(String header, String body, Instant now) {
        String[] parts = header.split(",");
        long t = Long.parseLong(parts[0].substring(2));
        String v1 = parts[1].substring(3);
        return Math.abs(now.getEpochSecond() - t) <= 300 && v1.equals(WebhookDelivery.sign(t + "." + body, "s3cret"));
    }

    @Test
    void doesNotRetryARequestTheReceiverRefuses() throws Exception {
        // given
        failuresLeft.set(100);
        failureStatus = 400;
        deliverTo(null);

        // when
        JanusEvent failed = harness.sendAndWait(formatted(), EventType.OUTPUT_MESSAGE_FAILED, Duration.ofSeconds(10));

        // then
        assertThat(failed.content(EventKeys.OUTPUT_MESSAGE_FAILED).attempts()).isEqualTo(1);
        assertThat(failed.content(EventKeys.OUTPUT_MESSAGE_FAILED).reason()).contains("refused: answered HTTP 400");
    }
}
