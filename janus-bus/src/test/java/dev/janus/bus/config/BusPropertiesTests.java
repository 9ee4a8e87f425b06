package dev.janus.bus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BusPropertiesTests {

    @Test
    void fillsEveryDefault() {
        BusProperties properties = BusProperties.defaults();

        assertThat(properties.type()).isEqualTo(BusProperties.BusType.MEMORY);
        assertThat(properties.retry().maxAttempts()).isEqualTo(3);
        assertThat(properties.redis().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(properties.redis().batchSize()).isEqualTo(500);
        assertThat(properties.consumerName()).isNotBlank();
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        BusProperties.Retry retry = new BusProperties.Retry(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(300));

        assertThat(retry.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.backoffAfter(3)).isEqualTo(Duration.ofMillis(300));
        assertThat(retry.backoffAfter(4)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void rejectsOutOfRangeValuesNamingThePropertyAndTheRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BusProperties.Redis(null, 0, null, null, null, null, null, null, null, null))
                .withMessage("janus.bus.redis.batch-size must be 1..10000, but was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BusProperties.Retry(null, Duration.ZERO, null, null))
                .withMessage("janus.bus.retry.initial-backoff must be positive, but was PT0S");
    }

    @Test
    void rejectsABlockingReadThatTheCommandTimeoutWouldCutShort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BusProperties.Redis(null, null, Duration.ofSeconds(5), null, null, null, null, null,
                        null, Duration.ofSeconds(5)))
                .withMessageStartingWith("janus.bus.redis.block (PT5S) must be shorter than "
                        + "janus.bus.redis.command-timeout (PT5S)");
    }

    @Test
    void neverPutsARedisPasswordInAnErrorMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BusProperties.Redis("http://user:s3cret@host:6379", null, null, null, null, null,
                        null, null, null, null))
                .withMessageNotContaining("s3cret")
                .withMessageContaining("user:***@host");
    }

    @Test
    void hidesEveryFormOfARedisPasswordInTheLoggedUrl() {
        assertThat(BusProperties.Redis.redactedUrl("redis://user:s3cret@host:6379/0")).isEqualTo("redis://user:***@host:6379/0");
        assertThat(BusProperties.Redis.redactedUrl("rediss://:s3cret@host")).isEqualTo("rediss://:***@host");
        // Lettuce takes user information without a colon as the password
        assertThat(BusProperties.Redis.redactedUrl("redis://s3cret@host:6379")).isEqualTo("redis://***@host:6379");
        assertThat(BusProperties.Redis.redactedUrl("redis://u:p@ss/w@rd@host")).isEqualTo("redis://u:***@host");
        assertThat(BusProperties.Redis.redactedUrl("redis://10.0.0.1:6379,redis://:s3cret@10.0.0.2:6379,redis://s3cret@h3"))
                .isEqualTo("redis://10.0.0.1:6379,redis://:***@10.0.0.2:6379,redis://***@h3");
        assertThat(BusProperties.Redis.redactedUrl("redis://host:6379")).isEqualTo("redis://host:6379");
        assertThat(BusProperties.Redis.redactedUrl("s3cret@host:6379")).isEqualTo("***@host:6379");
    }

    @Test
    void takesSeveralSeedNodesOnlyForACluster() {
        String seeds = "redis://10.0.0.1:6379,redis://:s3cret@10.0.0.2:6379";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BusProperties.Redis(seeds, null, null, null, null, null, null, null, null, null))
                .withMessageContaining("set janus.bus.redis.cluster=true")
                .withMessageNotContaining("s3cret");
        assertThat(new BusProperties.Redis(seeds, null, null, null, null, null, null, null, null, null, true).isCluster())
                .isTrue();
        assertThat(new BusProperties.Redis(null, null, null, null, null, null, null, null, null, null).isCluster())
                .isFalse();
    }

    @Test
    void keepsWhatCarriesAudioOrVideoForMinutesAndTextByLengthUnlessConfigured() {
        // given
        BusProperties.Redis defaults = new BusProperties.Redis(null, null, null, null, null, null, null, null, null,
                null);

        // then: utterances carry up to 1 MB of audio each; text is kept by the default length
        assertThat(defaults.retentionOf("input.utterance.completed"))
                .isEqualTo(new BusProperties.Retention(250L, Duration.ofMinutes(10)));
        assertThat(defaults.retentionOf("input.audio.chunk"))
                .isEqualTo(new BusProperties.Retention(100_000L, Duration.ofMinutes(2)));
        assertThat(defaults.retentionOf("input.video.frame"))
                .isEqualTo(new BusProperties.Retention(2_000L, Duration.ofMinutes(2)));
        assertThat(defaults.retentionOf("input.message.received"))
                .isEqualTo(new BusProperties.Retention(1_000_000L, null));
    }
}
