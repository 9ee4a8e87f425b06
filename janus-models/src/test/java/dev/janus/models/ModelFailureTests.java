package dev.janus.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

/** How a model call's failure is told: retried or not, how long to wait, in words without bodies. */
class ModelFailureTests {

    @Test
    void describesFailuresByStatusOrKindWithoutTheirBodies() {
        assertThat(ModelFailure.of(new TransientAiException("503 SERVICE_UNAVAILABLE - {\"error\":\"the "
                + "user said: my name is Ada\"}")).description()).isEqualTo("HTTP 503");
        assertThat(ModelFailure.of(new IllegalStateException("wrapped", new ConnectException("refused")))
                .description()).isEqualTo("connection refused");
        assertThat(ModelFailure.of(new UnsupportedOperationException("my name is Ada")).description())
                .isEqualTo("UnsupportedOperationException");
    }

    @Test
    void retriesWhatAnotherAttemptMayMendOnly() {
        assertThat(ModelFailure.of(new TransientAiException("503 SERVICE_UNAVAILABLE - busy")).retryable()).isTrue();
        assertThat(ModelFailure.of(new ConnectException("refused")).retryable()).isTrue();
        assertThat(ModelFailure.of(status(HttpStatus.BAD_REQUEST, null)).retryable()).isFalse();
        assertThat(ModelFailure.of(new CancellationException("barge-in")))
                .isEqualTo(new ModelFailure(0, false, null, "interrupted"));
        assertThat(ModelFailure.of(new IllegalStateException("wrapped", new TooLong())))
                .isEqualTo(new ModelFailure(0, false, null, "the reply passed 32k characters"));
    }

    @Test
    void waitsWhatA429AskedForWithinTheCapElseBacksOff() {
        ModelFailure asked = ModelFailure.of(status(HttpStatus.TOO_MANY_REQUESTS, "2"));
        assertThat(asked).isEqualTo(new ModelFailure(429, true, Duration.ofSeconds(2), "HTTP 429"));
        assertThat(asked.waitBefore(2, Duration.ofMillis(100), Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
        assertThat(asked.waitBefore(2, Duration.ofMillis(100), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        ModelFailure busy = ModelFailure.of(status(HttpStatus.SERVICE_UNAVAILABLE, null));
        assertThat(busy.waitBefore(4, Duration.ofMillis(100), Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofMillis(400));
    }

    private static HttpClientErrorException status(HttpStatus status, @Nullable String retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.add(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return HttpClientErrorException.create(status, status.getReasonPhrase(), headers, new byte[0], null);
    }

    /** A stop of Janus's own. */
    private static final class TooLong extends RuntimeException implements StoppedCall {

        @Override
        public String reason() {
            return "the reply passed 32k characters";
        }
    }
}
