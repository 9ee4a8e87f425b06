package dev.janus.web.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses that present unknown API keys, in this instance ({@code janus.security.failed-keys}): each may fail
 * {@code burst} times at once and {@code per-minute} times more each minute. Past that, every request of the address
 * that presents a key is refused (429 with {@code Retry-After}) before its key is looked at, a right key too, so that
 * guessing stops rather than goes on unseen; a failure is charged even when it ran beside others (down to a debt of an
 * hour's allowance), so guesses sent together make the wait longer rather than buy more guesses. An IPv6 address counts
 * with its whole {@code /64}, which one host is commonly given. A loopback caller is never throttled (it is this
 * machine) unless addresses are taken from a proxy's headers ({@code server.forward-headers-strategy}), which anyone
 * may write. At most {@value #MAX_ADDRESSES} addresses are followed; past that, the failures of addresses not followed
 * are charged to their network ({@code /16}, or {@code /48} for IPv6), as many again, and beyond those not counted.
 */
public final class FailedKeyThrottle {

    /**
     * Who presents a key, as throttled: its address (an IPv6 one's {@code /64}) and, for when too many addresses are
     * followed, its network.
     */
    record Client(String address, String network) {
    }

    static final int MAX_ADDRESSES = 65_536;
    static final int REMEMBERED_MINUTES = 10;
    private static final int MAX_REMEMBERED = 65_536;
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final String WARNING = "warning";
    private static final Logger log = LoggerFactory.getLogger(FailedKeyThrottle.class);

    private final TokenBuckets failures;
    private final TokenBuckets warnings;
    private final Map<String, Long> recentFailures = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final int maxAddresses;
    private final Object sweeping = new Object();
    private final boolean loopbackExempt;
    private long sweptAt;

    /**
     * @param forwardedAddresses whether a request's remote address may come from a proxy's headers
     *        ({@code X-Forwarded-For}), so that a loopback one proves nothing
     */
    public FailedKeyThrottle(SecurityProperties.FailedKeys limit, boolean forwardedAddresses) {
        this(limit, forwardedAddresses, System::nanoTime, MAX_ADDRESSES);
    }

    FailedKeyThrottle(SecurityProperties.FailedKeys limit, boolean forwardedAddresses, LongSupplier nanoClock,
            int maxAddresses) {
        this.loopbackExempt = !forwardedAddresses;
        this.failures = new TokenBuckets(limit.perMinute() / 60.0, limit.burst(), 60.0 * limit.perMinute(),
                nanoClock);
        this.warnings = new TokenBuckets(1 / 60.0, 1, nanoClock);
        this.nanoClock = nanoClock;
        this.maxAddresses = maxAddresses;
        this.sweptAt = nanoClock.getAsLong() - SWEEP_INTERVAL_NANOS;
    }

    /** The client a request's remote address names, or none for an exempt loopback caller. */
    @Nullable Client client(@Nullable String remoteAddress) {
        return clientOf(remoteAddress, loopbackExempt);
    }

    /** The client {@code address} names, or none for a loopback address when those are exempt. */
    static @Nullable Client clientOf(@Nullable String address, boolean loopbackExempt) {
        if (address == null || address.isEmpty() || address.length() > 45) {
            return new Client("(no address)", "(no address)");
        }
        if (address.indexOf(':') < 0) {
            if (loopbackExempt && LoopbackAddresses.isLoopbackAddress(address)) {
                return null;
            }
            String[] octets = address.split("\\.", -1);
            return new Client(address, octets.length == 4 ? octets[0] + "." + octets[1] + ".0.0/16" : address);
        }
        InetAddress parsed = LoopbackAddresses.ipv6Literal(address);
        if (parsed == null) {
            return new Client(address, address);
        }
        if (parsed.getAddress().length == 4) {
            return clientOf(parsed.getHostAddress(), loopbackExempt); // an IPv4-mapped address
        }
        if (loopbackExempt && parsed.isLoopbackAddress()) {
            return null;
        }
        return new Client(prefix(parsed, 8) + "/64", prefix(parsed, 6) + "/48");
    }

    /** Whether {@code client} may present a key: empty when it may (or is exempt), else why not yet. */
    Optional<PrincipalRateLimiter.Refusal> refusal(@Nullable Client client) {
        if (client == null) {
            return Optional.empty();
        }
        String charged = chargedTo(client);
        if (charged == null) {
            warnOnce("Not counting unknown API keys from {}: more than " + 2 * maxAddresses
                    + " addresses and networks failed lately", client.address());
            return Optional.empty();
        }
        long waitNanos = failures.waitFor(charged, 1);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long seconds = TokenBuckets.retryAfterSeconds(waitNanos);
        return Optional.of(new PrincipalRateLimiter.Refusal(seconds, "too many unknown API keys from "
                + (charged.equals(client.address()) ? "this address" : "this address's network, " + charged)
                + " (janus.security.failed-keys); no key from it is checked for " + seconds + " s"));
    }

    /**
     * Charges an unknown key presented by {@code client}, even past its allowance: guesses sent together all passed
     * {@link #refusal}, and each makes the wait longer (down to a debt of an hour's allowance). The same unknown key
     * again within {@value #REMEMBERED_MINUTES} minutes is not charged again: that is a client retrying a revoked or
     * mistyped key (a page's tabs reconnecting, say), not guessing, and would otherwise lock out everyone behind its
     * address.
     *
     * @param presented the key, or none when the header could not hold one
     */
    void failed(@Nullable Client client, @Nullable String presented) {
        String charged = client == null ? null : chargedTo(client);
        if (charged == null || presented != null && failedLately(charged, presented)) {
            return;
        }
        if (failures.charge(charged, 1) != 0) {
            warnOnce("Refusing API keys from {} for now: too many unknown keys (janus.security.failed-keys)",
                    charged);
        }
    }

    /** Whether {@code presented} failed from {@code charged} lately; remembers that it did now. */
    private boolean failedLately(String charged, String presented) {
        // a fragment of the key's SHA-256 is kept, never the key
        String failure = charged + " " + KeyHash.of(presented).substring(0, 16);
        long now = nanoClock.getAsLong();
        Long before = recentFailures.get(failure);
        if (before != null && now - before < TimeUnit.MINUTES.toNanos(REMEMBERED_MINUTES)) {
            return true;
        }
        if (recentFailures.size() >= MAX_REMEMBERED) {
            recentFailures.clear(); // then a retried key is charged again: the safe side
        }
        recentFailures.put(failure, now);
        return false;
    }

    /** Logs at WARN once a minute at most, however many addresses guess; at DEBUG otherwise. */
    private void warnOnce(String message, String subject) {
        if (warnings.take(WARNING, 1) == 0) {
            log.warn(message + "; more this minute at DEBUG", subject);
        }
        else {
            log.debug(message, subject);
        }
    }

    /** Where a failure of {@code client} is charged: its address, else its network, else nowhere. */
    private @Nullable String chargedTo(Client client) {
        if (failures.tracks(client.address()) || hasRoom(maxAddresses)) {
            return client.address();
        }
        if (failures.tracks(client.network()) || hasRoom(2 * maxAddresses)) {
            return client.network();
        }
        return null;
    }

    /**
     * Whether fewer than {@code most} addresses are followed, after forgetting those whose allowance grew back whole
     * (at most once a second).
     */
    private boolean hasRoom(int most) {
        if (failures.size() < most) {
            return true;
        }
        synchronized (sweeping) {
            long now = nanoClock.getAsLong();
            if (now - sweptAt >= SWEEP_INTERVAL_NANOS) {
                sweptAt = now;
                failures.forgetRefilled();
            }
        }
        return failures.size() < most;
    }

    private static String prefix(InetAddress address, int bytes) {
        try {
            return InetAddress.getByAddress(Arrays.copyOf(Arrays.copyOf(address.getAddress(), bytes), 16))
                    .getHostAddress();
        }
        catch (UnknownHostException e) {
            throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
        }
    }
}
