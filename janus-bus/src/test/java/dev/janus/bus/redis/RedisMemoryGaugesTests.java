package dev.janus.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisMemoryGaugesTests {

    private static final String INFO = "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n"
            + "used_memory_rss:7000000\r\nmaxmemory:671088640\r\nmaxmemory_human:640.00M\r\n"
            + "maxmemory_policy:noeviction\r\n";

    @Test
    void readsANumericFieldByItsExactName() {
        assertThat(RedisMemoryGauges.field(INFO, "used_memory")).isEqualTo(1_048_576L);
        assertThat(RedisMemoryGauges.field(INFO, "maxmemory")).isEqualTo(671_088_640L);
    }

    @Test
    void answersZeroForAMissingOrNonNumericField() {
        assertThat(RedisMemoryGauges.field(INFO, "used_memory_peak")).isZero();
        assertThat(RedisMemoryGauges.field(INFO, "maxmemory_policy")).isZero();
    }
}
