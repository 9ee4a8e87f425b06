package dev.janus.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys are kept only as SHA-256 hashes. A fast hash serves because keys are long random strings, not
 * passwords: nobody can guess one to match a leaked hash. A configured key may already be a hash,
 * {@code {sha256}<hex>}.
 */
final class KeyHash {

    private static final String PREFIX = "{sha256}";
    private static final Pattern HASH = Pattern.compile("\\{sha256}[0-9a-fA-F]{64}");

    private KeyHash() {
    }

    static boolean isHash(String key) {
        return HASH.matcher(key).matches();
    }

    /** The hash of {@code key} in lower-case hex; a key given as a hash is its own hash. */
    static String of(String key) {
        if (isHash(key)) {
            return key.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
