package dev.janus.tools.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses the {@code http_get} tool may connect to: public unicast only. Refused are the wildcard
 * (0.0.0.0, ::), loopback, private (10/8, 172.16/12, 192.168/16), shared (100.64/10), link-local (169.254/16,
 * fe80::/10, cloud metadata services live there), multicast, unique-local IPv6 (fc00::/7), benchmarking and
 * reserved IPv4 ranges, and IPv6 forms of all of these (IPv4-mapped, NAT64 well-known prefix).
 */
public final class AddressPolicy {

    private final boolean allowPrivate;

    /** @param allowPrivate lets loopback and private addresses through: for tests against a local server only */
    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code address} is refused, or null when it may be reached. */
    public @Nullable String refusal(InetAddress address) {
        if (allowPrivate) {
            return null;
        }
        String kind = kind(address);
        return kind == null ? null : address.getHostAddress() + " is " + kind;
    }

    private static @Nullable String kind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "the wildcard address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Kind(bytes);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "a unique-local address";
            }
            if (isEmbeddingIpv4(bytes)) {
                byte[] embedded = new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
                try {
                    String inner = kind(InetAddress.getByAddress(embedded));
                    return inner == null ? null : "an IPv6 form of " + inner;
                }
                catch (java.net.UnknownHostException e) {
                    return "an address that cannot be read";
                }
            }
        }
        return null;
    }

    private static @Nullable String ipv4Kind(byte[] bytes) {
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        if (a == 0) {
            return "in 0.0.0.0/8 (this network)";
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a == 192 && b == 0 && (bytes[2] & 0xff) == 0) {
            return "an IETF protocol address";
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return "a benchmarking address";
        }
        if (a >= 240) {
            return "a reserved or broadcast address";
        }
        return null;
    }

    /** ::ffff:a.b.c.d (IPv4-mapped), ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64). */
    private static boolean isEmbeddingIpv4(byte[] bytes) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= bytes[i] == 0;
        }
        boolean mapped = zeros && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = zeros && bytes[10] == 0 && bytes[11] == 0;
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = bytes[i] == 0;
        }
        return mapped || compatible || nat64;
    }
}
