package dev.janus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RedisSettingsTests {

    @Test
    void keepsWhatItIsGiven() {
        // when
        RedisSettings settings = new RedisSettings("redis://a:7000,redis://b:7001", true, Duration.ofSeconds(2), 1);

        // then
        assertThat(settings.url()).isEqualTo("redis://a:7000,redis://b:7001");
        assertThat(settings.cluster()).isTrue();
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.waitReplicas()).isEqualTo(1);
    }

    @Test
    void rejectsATimeoutThatIsNotPositiveAndANegativeReplicaCount() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisSettings("redis://127.0.0.1:6379", false, Duration.ZERO, 0))
                .withMessage("commandTimeout must be positive, but was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisSettings("redis://127.0.0.1:6379", false, Duration.ofSeconds(5), -1))
                .withMessage("waitReplicas must be 0 or more, but was -1");
    }
}
