package dev.floorwatch.alert.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A silence (ALERTS.md): alerts matching every matcher ({@code ruleId}, {@code severity},
 * {@code channel}, {@code skillGroup}) between {@code startsAt} and {@code endsAt} are tracked and
 * visible but not notified. It ends by itself.
 */
public record Silence(String id, Map<String, String> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment) {

    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Whether an alert of {@code ruleId}/{@code severity} with these labels is silenced at {@code at}. */
    public boolean silences(String ruleId, String severity, Map<String, String> labels, Instant at) {
        if (!activeAt(at)) {
            return false;
        }
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            String actual = switch (m.getKey()) {
                case "ruleId" -> ruleId;
                case "severity" -> severity;
                default -> labels.get(m.getKey());
            };
            if (!m.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
