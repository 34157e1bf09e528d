package dev.floorwatch.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert state change of ALERTS.md, as written to {@code floorwatch.alerts} (also the REST
 * shape). {@code state} is one of {@code firing}, {@code reminder}, {@code resolved},
 * {@code acknowledged}. {@code inhibitedBy} and {@code silencedBy} (additive to schema 1) say why
 * a transition must not be notified: the key of the critical alert that inhibits it, or the
 * silence id.
 */
public record AlertEvent(
        int schema,
        String tenant,
        String key,
        String ruleId,
        String name,
        String severity,
        String state,
        String metric,
        Double value,
        Double threshold,
        Map<String, String> labels,
        String conversationId,
        List<String> matched,
        Instant startsAt,
        Instant endsAt,
        Instant at,
        String runbook,
        String snapshotId,
        String inhibitedBy,
        String silencedBy) {

    public static final int SCHEMA = 1;

    /**
     * The same alert in another state (resolved, acknowledged…) at {@code at}: what it is about is
     * kept; why an earlier transition was not notified (inhibition, silence) is not.
     */
    public AlertEvent next(String newState, Instant newEndsAt, Instant newAt) {
        return new AlertEvent(schema, tenant, key, ruleId, name, severity, newState, metric, value, threshold, labels,
                conversationId, matched, startsAt, newEndsAt, newAt, runbook, snapshotId, null, null);
    }

    /** The Kafka record key of EVENTS.md: {@code tenant:alertKey}. */
    public String kafkaKey() {
        return tenant + ":" + key;
    }
}
