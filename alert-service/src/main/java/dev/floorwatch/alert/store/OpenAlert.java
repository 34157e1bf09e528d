package dev.floorwatch.alert.store;

import java.time.Instant;
import java.util.Map;

import dev.floorwatch.alert.domain.AlertLifecycle;

/** An open (pending or firing) alert as stored: its lifecycle state and what it is about. */
public record OpenAlert(String key, String ruleId, String name, String severity, String metric, Double threshold,
        Map<String, String> labels, String runbook, String phase, Instant activeSince, Instant startsAt,
        Instant clearedSince, double value, Instant lastPublishedAt, String acknowledgedBy, Instant acknowledgedAt,
        String note) {

    public AlertLifecycle.State state() {
        return new AlertLifecycle.State(AlertLifecycle.Phase.valueOf(phase), activeSince, startsAt, clearedSince, value,
                lastPublishedAt, acknowledgedBy, acknowledgedAt, note);
    }

    public OpenAlert with(AlertLifecycle.State s) {
        return new OpenAlert(key, ruleId, name, severity, metric, threshold, labels, runbook, s.phase().name(),
                s.activeSince(), s.startsAt(), s.clearedSince(), s.value(), s.lastPublishedAt(), s.acknowledgedBy(),
                s.acknowledgedAt(), s.note());
    }

    public boolean firing() {
        return AlertLifecycle.Phase.FIRING.name().equals(phase);
    }
}
