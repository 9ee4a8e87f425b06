package dev.janus.web.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses that present unknown API keys, in this instance ({@code janus.security.failed-keys}): each may fail
 * {@code burst} times at once and {@code per-minute} times more each minute. Past that, every request of the address
 * that presents a key is refused (429 with {@code Retry-After}) before its key is looked at, a right key too, so that
 * guessing stops rather than goes on unseen. An IPv6 address counts with its whole {@code /64}, which one host is
 * commonly given. Loopback callers are never throttled: they are this machine, or a proxy on it, which should pass
 * its clients' addresses on ({@code server.forward-headers-strategy}) rather than lock them all out together. At most
 * {@value #MAX_ADDRESSES} addresses are followed; past that, addresses not followed yet share one allowance.
 */
public final class FailedKeyThrottle {

    /** A request refused: how long until its address may present a key again, and the message that says so. */
    public record Refusal(long retryAfterSeconds, String message) {
    }

    static final int MAX_ADDRESSES = 65_536;
    private static final String OVERFLOW = "addresses beyond the " + MAX_ADDRESSES + " followed";
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(FailedKeyThrottle.class);

    private static final String WARNING = "warning";

    private final TokenBuckets failures;
    private final TokenBuckets warnings;
    private final LongSupplier nanoClock;
    private final int maxAddresses;
    private final Object sweeping = new Object();
    private long sweptAt;

    public FailedKeyThrottle(SecurityProperties.FailedKeys limit) {
        this(limit, System::nanoTime, MAX_ADDRESSES);
    }

    FailedKeyThrottle(SecurityProperties.FailedKeys limit, LongSupplier nanoClock, int maxAddresses) {
        this.failures = new TokenBuckets(limit.perMinute() / 60.0, limit.burst(), nanoClock);
        this.warnings = new TokenBuckets(1 / 60.0, 1, nanoClock);
        this.nanoClock = nanoClock;
        this.maxAddresses = maxAddresses;
        this.sweptAt = nanoClock.getAsLong() - SWEEP_INTERVAL_NANOS;
    }

    /** Whether a request from {@code address} may present a key: empty when it may, else why not yet. */
    public Optional<Refusal> refusal(@Nullable String address) {
        if (LoopbackAddresses.isLoopbackAddress(address)) {
            return Optional.empty();
        }
        String client = clientOf(address);
        boolean followed = failures.tracks(client) || failures.size() < maxAddresses;
        long waitNanos = failures.waitFor(followed ? client : OVERFLOW, 1);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
        return Optional.of(new Refusal(seconds, "too many unknown API keys from this address "
                + "(janus.security.failed-keys); no key from it is checked for " + seconds + " s"));
    }

    /** Counts an unknown key presented from {@code address}. */
    public void failed(@Nullable String address) {
        if (LoopbackAddresses.isLoopbackAddress(address)) {
            return;
        }
        String client = clientOf(address);
        if (!failures.tracks(client) && failures.size() >= maxAddresses && !roomAfterSweep()) {
            client = OVERFLOW;
        }
        boolean ranOut = failures.take(client, 1) == 0 && failures.waitFor(client, 1) != 0;
        if (ranOut) {
            // said once a minute at most, however many addresses guess
            if (warnings.take(WARNING, 1) == 0) {
                log.warn("Refusing API keys from {} for now: too many unknown keys (janus.security.failed-keys); "
                        + "more addresses that run out this minute are logged at DEBUG", client);
            }
            else {
                log.debug("Refusing API keys from {} for now: too many unknown keys", client);
            }
        }
    }

    /** Forgets the addresses whose allowance grew back whole, at most once a second; whether room was made. */
    private boolean roomAfterSweep() {
        synchronized (sweeping) {
            long now = nanoClock.getAsLong();
            if (now - sweptAt >= SWEEP_INTERVAL_NANOS) {
                sweptAt = now;
                failures.forgetRefilled();
            }
        }
        return failures.size() < maxAddresses;
    }

    /** The address a request came from as throttled: an IPv4 address, or an IPv6 address's {@code /64}. */
    static String clientOf(@Nullable String address) {
        if (address == null || address.indexOf(':') < 0 || address.length() > 45) {
            return String.valueOf(address);
        }
        try {
            // contains a colon: parsed as an IPv6 literal, never looked up
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                return HexFormat.ofDelimiter(":").formatHex(Arrays.copyOf(parsed.getAddress(), 8)) + "::/64";
            }
            return parsed.getHostAddress(); // an IPv4-mapped address
        }
        catch (UnknownHostException | IllegalArgumentException e) {
            return address;
        }
    }
}
