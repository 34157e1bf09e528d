package dev.floorwatch.ingest.domain;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Chatwoot's webhook signature: {@code X-Chatwoot-Timestamp} (unix seconds) and
 * {@code X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>}.
 * Checked only when the tenant configured the webhook secret; compared in constant time.
 */
public final class ChatwootSignature {

    public enum Verdict {
        VALID("valid"),
        MISSING("X-Chatwoot-Timestamp and X-Chatwoot-Signature are required: the webhook has a secret"),
        MALFORMED("X-Chatwoot-Signature must be sha256=<hex> and X-Chatwoot-Timestamp unix seconds"),
        STALE("X-Chatwoot-Timestamp is outside the accepted window"),
        MISMATCH("X-Chatwoot-Signature does not match the body");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private ChatwootSignature() {
    }

    /** The header value Chatwoot sends for {@code body} at {@code timestamp} (tests and the simulator). */
    public static String sign(String secret, long timestamp, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(RequestSignature.hmac(secret, timestamp, body));
    }

    public static Verdict verify(String timestampHeader, String signatureHeader, byte[] body, String secret, Instant now,
            Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) {
            return Verdict.MISSING;
        }
        long timestamp;
        byte[] received;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
            if (!signatureHeader.startsWith("sha256=")) {
                return Verdict.MALFORMED;
            }
            received = HexFormat.of().parseHex(signatureHeader.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        return MessageDigest.isEqual(RequestSignature.hmac(secret, timestamp, body), received) ? Verdict.VALID : Verdict.MISMATCH;
    }
}
