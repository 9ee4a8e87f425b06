package dev.janus.output;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of output, under {@code janus.output}.
 *
 * @param webhook where every reply is also POSTed as JSON; off unless {@code janus.output.webhook.url} is set
 */
@ConfigurationProperties("janus.output")
public record OutputProperties(Webhook webhook) {

    @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
    public OutputProperties {
        webhook = webhook == null ? new Webhook(null, null, null, null, null) : webhook;
    }

    /** Every default. */
    public static OutputProperties defaults() {
        return new OutputProperties(null);
    }

    /**
     * The webhook channel.
     *
     * @param url the receiver; absent turns the channel off. Often a secret itself: logs and events show only its
     *        scheme and host ({@link #shownUrl})
     * @param secret key of the HMAC-SHA256 signatures in {@code X-Janus-Signature} and
     *        {@code X-Janus-Signature-256}; absent sends no signature
     * @param maxAttempts attempts in all before {@code output.message.failed}
     * @param timeout how long one attempt may take
     * @param initialBackoff wait before the second attempt, doubling after each
     */
    public record Webhook(@Nullable URI url, @Nullable String secret, @DefaultValue("3") Integer maxAttempts,
            @DefaultValue("5s") Duration timeout, @DefaultValue("500ms") Duration initialBackoff) {

        @NullUnmarked // the binder passes null for what is not set: replaced by the defaults here
        public Webhook {
            if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("janus.output.webhook.url must be an http or https URL, but its "
                        + "scheme was '" + url.getScheme() + "'");
            }
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("janus.output.webhook.max-attempts must be 1..20, but was "
                        + maxAttempts);
            }
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        }

        /** The URL as logs and events show it: scheme and host only, e.g. {@code https://hooks.example.com/…}. */
        public String shownUrl() {
            if (url == null) {
                return "(none)";
            }
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
        }

        /** Whether replies are POSTed anywhere. */
        public boolean enabled() {
            return url != null;
        }
    }
}
