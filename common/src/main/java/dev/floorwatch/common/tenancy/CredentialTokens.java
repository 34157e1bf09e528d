package dev.floorwatch.common.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes credentials. Tokens carry 256 random bits, so a plain SHA-256 is a safe
 * storage hash (no password stretching needed), and looking a token up by its hash never
 * compares secrets byte by byte.
 */
public final class CredentialTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialTokens() {
    }

    public static String generate(CredentialKind kind) {
        return generate(kind.prefix());
    }

    /** 256 random bits, URL-safe, after {@code prefix} (which tells people what a token is). */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two secrets in time independent of where they differ (and of their lengths). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(a.getBytes(StandardCharsets.UTF_8)), sha256(b.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
