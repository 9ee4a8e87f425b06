package dev.janus.web.security;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedKeyThrottleTests {

    private final AtomicLong clock = new AtomicLong();

    private FailedKeyThrottle throttle(int burst, int perMinute, int maxAddresses) {
        return new FailedKeyThrottle(new SecurityProperties.FailedKeys(burst, perMinute), clock::get, maxAddresses);
    }

    @Test
    void anAddressOverItsUnknownKeysIsRefusedUntilItsAllowanceGrowsBack() {
        FailedKeyThrottle throttle = throttle(3, 6, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.refusal("203.0.113.7")).isEmpty();
            throttle.failed("203.0.113.7");
        }
        assertThat(throttle.refusal("203.0.113.7")).hasValueSatisfying(refusal -> {
            assertThat(refusal.retryAfterSeconds()).isEqualTo(10); // 6 a minute: one every 10 s
            assertThat(refusal.message()).contains("janus.security.failed-keys").contains("10 s");
        });
        assertThat(throttle.refusal("203.0.113.8")).isEmpty();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(throttle.refusal("203.0.113.7")).isEmpty();
        throttle.failed("203.0.113.7");
        assertThat(throttle.refusal("203.0.113.7")).isPresent();
    }

    @Test
    void anIpv6AddressCountsWithItsWholeSlash64() {
        FailedKeyThrottle throttle = throttle(2, 1, 100);
        throttle.failed("2001:db8:1:2::5");
        throttle.failed("2001:db8:1:2:ffff:0:0:6");
        assertThat(throttle.refusal("2001:db8:1:2::7")).isPresent();
        assertThat(throttle.refusal("2001:db8:1:3::5")).isEmpty();
        assertThat(FailedKeyThrottle.clientOf("2001:DB8:1:2::5")).isEqualTo("20:01:0d:b8:00:01:00:02::/64");
        assertThat(FailedKeyThrottle.clientOf("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void loopbackCallersAreNeverRefused() {
        FailedKeyThrottle throttle = throttle(1, 1, 100);
        for (String loopback : new String[] { "127.0.0.1", "127.9.9.9", "0:0:0:0:0:0:0:1", "::1" }) {
            throttle.failed(loopback);
            throttle.failed(loopback);
            assertThat(throttle.refusal(loopback)).as(loopback).isEmpty();
        }
    }

    @Test
    void addressesBeyondThoseFollowedShareOneAllowanceUntilOldOnesAreForgotten() {
        FailedKeyThrottle throttle = throttle(2, 60, 2);
        throttle.failed("198.51.100.1");
        throttle.failed("198.51.100.2");
        throttle.failed("198.51.100.2");
        // two followed already: the others share one allowance of 2
        throttle.failed("198.51.100.3");
        assertThat(throttle.refusal("198.51.100.4")).isEmpty();
        throttle.failed("198.51.100.4");
        assertThat(throttle.refusal("198.51.100.5")).isPresent();
        assertThat(throttle.refusal("198.51.100.1")).isEmpty();
        assertThat(throttle.refusal("198.51.100.2")).isPresent();

        // a minute on, every allowance is whole again: the old addresses are forgotten and the new ones followed
        clock.addAndGet(TimeUnit.MINUTES.toNanos(1));
        throttle.failed("198.51.100.5");
        throttle.failed("198.51.100.5");
        assertThat(throttle.refusal("198.51.100.5")).isPresent();
        assertThat(throttle.refusal("198.51.100.6")).isEmpty();
    }
}
