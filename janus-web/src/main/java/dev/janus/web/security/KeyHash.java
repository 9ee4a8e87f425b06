package dev.janus.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys are kept only as SHA-256 hashes. A fast hash serves because keys are long random strings, not
 * passwords: nobody can guess one to match a leaked hash. A configured key may already be a hash,
 * {@code {sha256}<hex>}; a presented key never is: it is always hashed, so knowing a stored hash grants nothing.
 */
final class KeyHash {

    private static final String PREFIX = "{sha256}";
    private static final Pattern HASH = Pattern.compile("\\{sha256}[0-9a-fA-F]{64}");

    private KeyHash() {
    }

    static boolean isHash(String key) {
        return HASH.matcher(key).matches();
    }

    /** The hash of a configured key in lower-case hex: a key configured as {@code {sha256}<hex>} is its own hash. */
    static String ofConfigured(String key) {
        return isHash(key) ? key.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT) : of(key);
    }

    /** The SHA-256 of {@code key} in lower-case hex, whatever it looks like: how a presented key is checked. */
    static String of(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
