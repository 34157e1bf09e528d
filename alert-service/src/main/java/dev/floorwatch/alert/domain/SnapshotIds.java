package dev.floorwatch.alert.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The id of the overview snapshot saved when an alert fires (METRICS.md "Saved snapshots"). It is
 * derived from the alert key and its start, so every transition of one alert names the same
 * snapshot, a replay names it again, and metrics-service — which saves it when it reads the
 * firing event — can save it once. Same shape as ids of snapshots saved on demand.
 */
public final class SnapshotIds {

    private SnapshotIds() {
    }

    public static String forAlert(String alertKey, Instant startsAt) {
        String time = startsAt.toString().replace(":", "").replace("-", "").replace(".", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(alertKey.getBytes(StandardCharsets.UTF_8));
            return time + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
