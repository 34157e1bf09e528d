package dev.floorwatch.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Floorwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}
 * scheme of API.md. Several {@code v1} values may be sent (for example during a secret rotation);
 * one match with any current secret verifies. Comparisons are constant-time.
 */
public final class RequestSignature {

    public enum Verdict {
        VALID("valid"),
        MALFORMED("the X-Floorwatch-Signature header must look like t=<unix seconds>,v1=<hex>"),
        STALE("the signature timestamp is outside the accepted window"),
        MISMATCH("the signature does not match the body");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private RequestSignature() {
    }

    /** The header value a client sends for {@code body} at {@code timestamp}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    public static Verdict verify(String header, byte[] body, List<String> secrets, Instant now, Duration tolerance) {
        if (header == null) {
            return Verdict.MALFORMED;
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                return Verdict.MALFORMED;
            }
            switch (pair[0]) {
                case "t" -> {
                    try {
                        timestamp = Long.parseLong(pair[1]);
                    } catch (NumberFormatException e) {
                        return Verdict.MALFORMED;
                    }
                }
                case "v1" -> {
                    try {
                        candidates.add(HexFormat.of().parseHex(pair[1]));
                    } catch (IllegalArgumentException e) {
                        return Verdict.MALFORMED;
                    }
                }
                default -> {
                    // Unknown schemes are ignored so the format can grow (v2, ...).
                }
            }
        }
        if (timestamp == null || candidates.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = hmac(secret, timestamp, body);
            for (byte[] candidate : candidates) {
                // No early exit: the time taken does not reveal which secret or value matched.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** HMAC-SHA256(secret, timestamp + "." + body): the same construction Chatwoot signs webhooks with. */
    static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
