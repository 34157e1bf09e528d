package dev.floorwatch.alert.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A parsed alert rule of ALERTS.md; exactly one of the kind-specific parts is set. Rules are
 * stored and served as the JSON the tenant wrote (normalised), and parsed into this for evaluation.
 */
public record Rule(String id, Kind kind, String name, Severity severity, boolean enabled, String runbook,
        ActiveHours activeHours, AlertLifecycle.Timing timing, Threshold threshold, Risk risk, Burst burst,
        ConversationSignal conversation) {

    public enum Kind { THRESHOLD, RISK, BURST, CONVERSATION }

    public enum Severity { CRITICAL, WARNING }

    /** {@code metric op value}, tenant-wide or per channel / skill group ({@code "*"}: each one). */
    public record Threshold(String metric, String op, double value, Map<String, String> scope) {

        public boolean holds(double actual) {
            return switch (op) {
                case ">" -> actual > value;
                case ">=" -> actual >= value;
                case "<" -> actual < value;
                case "<=" -> actual <= value;
                case "==" -> actual == value;
                default -> false;
            };
        }
    }

    /** Keywords and patterns in messages of the given senders; a hit flags the conversation. */
    public record Risk(String category, List<String> keywords, List<java.util.regex.Pattern> patterns, List<String> senders) {
    }

    /** At least {@code count} of a signal within the sliding {@code window}. */
    public record Burst(String signal, int count, Duration window) {
    }

    /** A per-conversation quality signal with its threshold (messages, turns, switches or seconds). */
    public record ConversationSignal(String signal, long threshold) {
    }

    /** Whether the rule is evaluated at {@code at} (enabled and within its active hours). */
    public boolean activeAt(java.time.Instant at) {
        return enabled && (activeHours == null || activeHours.covers(at));
    }
}
