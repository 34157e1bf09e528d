package dev.floorwatch.notifier.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two vendors' webhook signatures (NOTIFY.md), which differ in exactly the places that are
 * easy to get wrong: the clock unit, which side is the HMAC key, and where the signature goes.
 */
public final class VendorSigning {

    private VendorSigning() {
    }

    /**
     * Feishu / Lark: {@code ts} in epoch <b>seconds</b>; the HMAC-SHA256 <i>key</i> is
     * {@code ts + "\n" + secret} and the message is empty; Base64. Sent in the body as
     * {@code "timestamp"} and {@code "sign"}.
     */
    public static String feishu(long epochSeconds, String secret) {
        return hmacBase64((epochSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /**
     * DingTalk: {@code ts} in epoch <b>milliseconds</b>; the key is the secret and the message
     * {@code ts + "\n" + secret}; Base64, then URL-encoded once for the query.
     */
    public static String dingTalk(long epochMillis, String secret) {
        return hmacBase64(secret.getBytes(StandardCharsets.UTF_8),
                (epochMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The DingTalk webhook URL with {@code &timestamp=…&sign=…} appended, the signature URL-encoded once. */
    public static String dingTalkUrl(String webhookUrl, long epochMillis, String secret) {
        String sign = URLEncoder.encode(dingTalk(epochMillis, secret), StandardCharsets.UTF_8);
        return webhookUrl + (webhookUrl.contains("?") ? "&" : "?") + "timestamp=" + epochMillis + "&sign=" + sign;
    }

    private static String hmacBase64(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
