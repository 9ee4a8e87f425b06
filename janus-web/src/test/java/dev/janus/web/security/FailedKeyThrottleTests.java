package dev.janus.web.security;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedKeyThrottleTests {

    private final AtomicLong clock = new AtomicLong();
    private int guesses;

    /** A key never presented before. */
    private String guess() {
        return "guess-" + guesses++ + "-0123456789abcdef";
    }

    private FailedKeyThrottle throttle(int burst, int perMinute, int maxAddresses) {
        return new FailedKeyThrottle(new SecurityProperties.FailedKeys(burst, perMinute), false, clock::get,
                maxAddresses);
    }

    private static FailedKeyThrottle.Client client(String address) {
        return FailedKeyThrottle.clientOf(address, true);
    }

    @Test
    void anAddressOverItsUnknownKeysIsRefusedUntilItsAllowanceGrowsBack() {
        FailedKeyThrottle throttle = throttle(3, 6, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.refusal(client("203.0.113.7"))).isEmpty();
            throttle.failed(client("203.0.113.7"), guess());
        }
        assertThat(throttle.refusal(client("203.0.113.7"))).hasValueSatisfying(refusal -> {
            assertThat(refusal.retryAfterSeconds()).isEqualTo(10); // 6 a minute: one every 10 s
            assertThat(refusal.message()).contains("from this address").contains("janus.security.failed-keys")
                    .contains("10 s");
        });
        assertThat(throttle.refusal(client("203.0.113.8"))).isEmpty();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(throttle.refusal(client("203.0.113.7"))).isEmpty();
        throttle.failed(client("203.0.113.7"), guess());
        assertThat(throttle.refusal(client("203.0.113.7"))).isPresent();
    }

    @Test
    void aNameThatIsNotAnAddressIsNeverLookedUp() {
        // InetAddress.getByName would ask DNS for x:1; a forged X-Forwarded-For may carry anything
        assertThat(FailedKeyThrottle.clientOf("x:1", true)).isEqualTo(new FailedKeyThrottle.Client("x:1", "x:1"));
        assertThat(LoopbackAddresses.ipv6Literal("localhost:1")).isNull();
        assertThat(LoopbackAddresses.ipv6Literal("::1")).isNotNull();
    }

    @Test
    void theSameUnknownKeyRetriedIsChargedOnceEveryTenMinutes() {
        // a revoked key in a page's tabs, reconnecting: a client retrying, not guessing
        FailedKeyThrottle throttle = throttle(3, 6, 100);
        for (int i = 0; i < 100; i++) {
            throttle.failed(client("203.0.113.7"), "revoked-key-0123456789abcdef");
        }
        assertThat(throttle.refusal(client("203.0.113.7"))).isEmpty();
        clock.addAndGet(TimeUnit.MINUTES.toNanos(FailedKeyThrottle.REMEMBERED_MINUTES));
        throttle.failed(client("203.0.113.7"), "revoked-key-0123456789abcdef");
        throttle.failed(client("203.0.113.7"), guess());
        throttle.failed(client("203.0.113.7"), guess());
        assertThat(throttle.refusal(client("203.0.113.7"))).isPresent();
        // a header that held no key is charged each time
        FailedKeyThrottle other = throttle(3, 6, 100);
        for (int i = 0; i < 3; i++) {
            other.failed(client("203.0.113.8"), null);
        }
        assertThat(other.refusal(client("203.0.113.8"))).isPresent();
    }

    @Test
    void failuresThatPassedTheCheckTogetherAreAllCharged() {
        // six guesses in flight at once, all let through while the allowance of 3 was whole
        FailedKeyThrottle throttle = throttle(3, 6, 100);
        for (int i = 0; i < 6; i++) {
            throttle.failed(client("203.0.113.7"), guess());
        }
        // a debt of 3: four refills of 10 s before the next guess
        assertThat(throttle.refusal(client("203.0.113.7")).orElseThrow().retryAfterSeconds()).isEqualTo(40);
        // each more makes the wait longer, down to a debt of an hour's allowance (360)
        for (int i = 0; i < 100; i++) {
            throttle.failed(client("203.0.113.7"), guess());
        }
        assertThat(throttle.refusal(client("203.0.113.7")).orElseThrow().retryAfterSeconds()).isEqualTo(1_040);
        for (int i = 0; i < 1_000; i++) {
            throttle.failed(client("203.0.113.7"), guess());
        }
        assertThat(throttle.refusal(client("203.0.113.7")).orElseThrow().retryAfterSeconds()).isEqualTo(3_610);
    }

    @Test
    void anIpv6AddressCountsWithItsWholeSlash64() {
        FailedKeyThrottle throttle = throttle(2, 1, 100);
        throttle.failed(client("2001:db8:1:2::5"), guess());
        throttle.failed(client("2001:db8:1:2:ffff:0:0:6"), guess());
        assertThat(throttle.refusal(client("2001:db8:1:2::7"))).isPresent();
        assertThat(throttle.refusal(client("2001:db8:1:3::5"))).isEmpty();
        assertThat(client("2001:DB8:1:2::5")).isEqualTo(
                new FailedKeyThrottle.Client("2001:db8:1:2:0:0:0:0/64", "2001:db8:1:0:0:0:0:0/48"));
        assertThat(client("::ffff:203.0.113.7")).isEqualTo(new FailedKeyThrottle.Client("203.0.113.7",
                "203.0.0.0/16"));
    }

    @Test
    void aLoopbackCallerIsExemptUnlessAddressesComeFromAProxysHeaders() {
        for (String loopback : new String[] { "127.0.0.1", "127.9.9.9", "0:0:0:0:0:0:0:1", "::1" }) {
            assertThat(FailedKeyThrottle.clientOf(loopback, true)).as(loopback).isNull();
            assertThat(FailedKeyThrottle.clientOf(loopback, false)).as(loopback).isNotNull();
        }
        // behind a proxy anyone can write X-Forwarded-For: 127.0.0.1, which exempts nobody
        FailedKeyThrottle forwarded = new FailedKeyThrottle(new SecurityProperties.FailedKeys(1, 1), true,
                clock::get, 100);
        forwarded.failed(forwarded.client("127.0.0.1"), guess());
        assertThat(forwarded.refusal(forwarded.client("127.0.0.1"))).isPresent();
        FailedKeyThrottle direct = throttle(1, 1, 100);
        direct.failed(direct.client("127.0.0.1"), guess());
        assertThat(direct.client("127.0.0.1")).isNull();
        assertThat(direct.refusal(direct.client("127.0.0.1"))).isEmpty();
    }

    @Test
    void pastTheAddressesFollowedFailuresAreChargedToTheirNetworkThenNotCounted() {
        FailedKeyThrottle throttle = throttle(2, 60, 2);
        throttle.failed(client("198.51.100.1"), guess());
        throttle.failed(client("198.51.100.2"), guess());
        throttle.failed(client("198.51.100.2"), guess());
        // two addresses followed already: others are charged to their /16, two networks at most
        throttle.failed(client("198.51.100.3"), guess());
        assertThat(throttle.refusal(client("198.51.100.4"))).isEmpty();
        throttle.failed(client("198.51.100.4"), guess());
        assertThat(throttle.refusal(client("198.51.100.5"))).hasValueSatisfying(refusal -> assertThat(
                refusal.message()).contains("this address's network, 198.51.0.0/16"));
        assertThat(throttle.refusal(client("203.0.113.9"))).isEmpty();
        assertThat(throttle.refusal(client("198.51.100.1"))).isEmpty();
        assertThat(throttle.refusal(client("198.51.100.2"))).isPresent();
        throttle.failed(client("203.0.113.9"), guess());
        throttle.failed(client("192.0.2.1"), guess()); // a third network: not counted
        throttle.failed(client("192.0.2.1"), guess());
        assertThat(throttle.refusal(client("192.0.2.1"))).isEmpty();

        // a minute on, every allowance is whole again: the old ones are forgotten and new addresses followed
        clock.addAndGet(TimeUnit.MINUTES.toNanos(1));
        throttle.failed(client("198.51.100.5"), guess());
        throttle.failed(client("198.51.100.5"), guess());
        assertThat(throttle.refusal(client("198.51.100.5"))).hasValueSatisfying(refusal -> assertThat(
                refusal.message()).contains("from this address"));
        assertThat(throttle.refusal(client("198.51.100.6"))).isEmpty();
    }
}
