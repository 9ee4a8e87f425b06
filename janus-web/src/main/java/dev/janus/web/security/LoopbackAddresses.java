package dev.janus.web.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Whether an address or a {@code Host} name is loopback, decided without any name lookup: {@code localhost} (and
 * names under {@code .localhost}) and literal loopback addresses ({@code 127.0.0.0/8}, {@code ::1}).
 */
public final class LoopbackAddresses {

    private LoopbackAddresses() {
    }

    /** Whether {@code address}, an IP literal such as a request's remote address, is loopback. */
    public static boolean isLoopbackAddress(@Nullable String address) {
        if (address == null || address.isEmpty() || address.length() > 45) {
            return false;
        }
        if (address.indexOf(':') < 0) {
            return isLoopbackIpv4(address);
        }
        InetAddress parsed = ipv6Literal(address);
        return parsed != null && parsed.isLoopbackAddress();
    }

    /**
     * {@code address} parsed as an IPv6 literal (hex digits, colons, an IPv4 tail), or none when it is not one. Only
     * such characters reach {@link InetAddress#getByName}, which looks up anything else as a name, whatever colons
     * it holds ({@code x:1}).
     */
    static @Nullable InetAddress ipv6Literal(String address) {
        if (address.isEmpty() || address.length() > 45 || address.indexOf(':') < 0 || !address.chars().allMatch(
                c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128)) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        }
        catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code host}, the name of a {@code Host} header without its port, names this machine's loopback. */
    public static boolean isLoopbackHost(@Nullable String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return isLoopbackAddress(name);
    }

    /** Four decimal octets, the first 127. */
    private static boolean isLoopbackIpv4(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return Integer.parseInt(octets[0]) == 127;
    }
}
