package dev.floorwatch.notifier.domain;

import java.time.Instant;
import java.util.List;

/**
 * One delivery attempt as the delivery log keeps it (NOTIFY.md): to which receiver, which alert
 * transitions (key and state), when, the outcome, the vendor's code and message, and how long the
 * vendor took.
 */
public record Delivery(String receiver, String type, List<String> alerts, Instant at, String outcome, String code,
        String message, long latencyMs, int attempt) {
}
