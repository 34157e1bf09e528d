package dev.floorwatch.alert.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * ALERTS.md: a firing {@code critical} alert inhibits the {@code warning} of the same metric and
 * scope; the warning is kept (and visible) but not notified while the critical fires.
 */
public final class Inhibition {

    /** What inhibition needs to know of an open alert. */
    public record OpenAlert(String key, Rule.Severity severity, String metric, Map<String, String> labels, boolean firing) {
    }

    private Inhibition() {
    }

    /** The key of the critical alert that inhibits {@code alert}, if any. */
    public static Optional<String> inhibitorOf(OpenAlert alert, Collection<OpenAlert> open) {
        if (alert.severity() != Rule.Severity.WARNING || alert.metric() == null) {
            return Optional.empty();
        }
        return open.stream()
                .filter(o -> o.firing() && o.severity() == Rule.Severity.CRITICAL && alert.metric().equals(o.metric())
                        && alert.labels().equals(o.labels()))
                .map(OpenAlert::key)
                .findFirst();
    }
}
