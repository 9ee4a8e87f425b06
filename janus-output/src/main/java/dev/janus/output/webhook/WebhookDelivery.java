package dev.janus.output.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.janus.bus.EventBus;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.DeliveredMessage;
import dev.janus.events.DeliveryFailure;
import dev.janus.events.EventKeys;
import dev.janus.events.FormattedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.ProactiveSuggestion;
import dev.janus.events.vocabulary.Channels;
import dev.janus.output.OutputConfiguration;
import dev.janus.output.OutputProperties;
import dev.janus.output.format.ChannelFormatter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs every formatted reply and every proactive suggestion to the configured webhook as JSON (a
 * {@code reply} or a {@code suggestion} member beside the event, stream and correlation ids), in a consumer group of its own
 * ({@code janus-output-webhook}) so a slow receiver never delays chat delivery. The body is signed
 * with HMAC-SHA256 twice: {@code X-Janus-Signature: sha256=<hex of the body>} (kept for existing receivers) and
 * {@code X-Janus-Signature-256: t=<unix seconds>,v1=<hex of "t.body">}, whose timestamp lets a receiver refuse a
 * captured call replayed later; {@code X-Janus-Event-Id} lets it drop repeats. Connection failures, 429 and 5xx are
 * retried with doubling waits; then {@code output.message.failed} says why. Success publishes
 * {@code output.message.sent}. The URL, often a secret itself, appears in logs and events as scheme and host only.
 */
public class WebhookDelivery extends EventHandlers {

    /** The webhook's consumer group. */
    public static final String GROUP = "janus-output-webhook";

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final EventBus bus;
    private final OutputProperties.Webhook webhook;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ChannelFormatter formatter;
    private final Clock clock;

    public WebhookDelivery(EventBus bus, OutputProperties.Webhook webhook, ChannelFormatter formatter, Clock clock) {
        this.bus = bus;
        this.clock = clock;
        this.webhook = webhook;
        this.formatter = formatter;
        this.http = HttpClient.newBuilder().connectTimeout(webhook.timeout()).build();
    }

    @Override
    protected List<Subscription> subscribe() {
        if (!webhook.enabled()) {
            return List.of();
        }
        log.info("Replies and suggestions are also POSTed to the webhook {}", webhook.shownUrl());
        return List.of(bus.subscribe(EventKeys.OUTPUT_FORMATTING_COMPLETED, GROUP, this::onReply),
                bus.subscribe(EventKeys.PROACTIVE_SUGGESTION_READY, GROUP, this::onSuggestion));
    }

    void onReply(JanusEvent formatted, FormattedResponse reply) throws InterruptedException {
        Map<String, Object> document = document(formatted);
        document.put("reply", json.readTree(formatter.format(reply, Channels.WEBHOOK).text()));
        deliver(formatted, reply.text(), json.writeValueAsString(document));
    }

    void onSuggestion(JanusEvent ready, ProactiveSuggestion suggestion) throws InterruptedException {
        Map<String, Object> offered = new LinkedHashMap<>();
        offered.put("id", suggestion.suggestionId());
        offered.put("kind", suggestion.kind());
        offered.put("text", suggestion.text());
        Map<String, Object> document = document(ready);
        document.put("suggestion", offered);
        deliver(ready, suggestion.text(), json.writeValueAsString(document));
    }

    /** Posts {@code body} for {@code formatted}, with retries; then publishes the delivery or its failure. */
    private void deliver(JanusEvent formatted, String text, String body) throws InterruptedException {
        String problem = null;
        int attempt = 0;
        while (attempt < webhook.maxAttempts()) {
            attempt++;
            problem = post(formatted.eventId(), body);
            if (problem == null) {
                bus.publish(formatted.replyOnce(EventKeys.OUTPUT_MESSAGE_SENT,
                        new DeliveredMessage(text, Channels.WEBHOOK, "webhook"), OutputConfiguration.COMPONENT,
                        Channels.WEBHOOK)).join();
                return;
            }
            if (problem.startsWith("refused:")) {
                break;
            }
            if (attempt < webhook.maxAttempts()) {
                Thread.sleep(webhook.initialBackoff().toMillis() << (attempt - 1));
            }
        }
        log.warn("Webhook delivery of {} failed after {} attempt(s): {}", formatted.eventId(), attempt, problem);
        bus.publish(formatted.replyOnce(EventKeys.OUTPUT_MESSAGE_FAILED,
                new DeliveryFailure(Channels.WEBHOOK, "webhook " + webhook.shownUrl() + " " + problem, attempt),
                OutputConfiguration.COMPONENT)).join();
    }

    /** Posts once; null on success, else what went wrong ("refused: ..." when retrying cannot help). */
    private @Nullable String post(String eventId, String body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(webhook.timeout())
                .header("Content-Type", "application/json")
                .header("X-Janus-Event-Id", eventId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (webhook.secret() != null) {
            long now = clock.instant().getEpochSecond();
            request.header("X-Janus-Signature", "sha256=" + sign(body, webhook.secret()));
            request.header("X-Janus-Signature-256", "t=" + now + ",v1=" + sign(now + "." + body, webhook.secret()));
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            boolean retryable = status == 429 || status >= 500;
            return (retryable ? "" : "refused: ") + "answered HTTP " + status;
        }
        catch (IOException e) {
            // exception messages may name the URL: only the failure's kind and a message without it are kept
            String message = e.getMessage() == null ? "" : ": " + e.getMessage()
                    .replace(String.valueOf(webhook.url()), webhook.shownUrl());
            return "could not be reached (" + e.getClass().getSimpleName() + message + ")";
        }
    }

    private static Map<String, Object> document(JanusEvent event) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("event_id", event.eventId());
        document.put("stream_id", event.streamId());
        document.put("correlation_id", event.correlationId());
        return document;
    }

    /** HMAC-SHA256 of the body with the shared secret, in lower-case hex. */
    public static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

}
