package dev.floorwatch.notifier.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.floorwatch.common.events.AlertEvent;

/**
 * A route of NOTIFY.md: alerts whose labels match go to its receivers, grouped for
 * {@code groupWait}. An empty {@code match} matches everything (the default route).
 * Match keys: {@code severity}, {@code ruleId}, {@code channel}, {@code skillGroup}, {@code category}.
 */
public record Route(Map<String, String> match, List<String> receivers, Duration groupWait, boolean continueMatching,
        boolean sendResolved) {

    public boolean matches(AlertEvent alert) {
        for (Map.Entry<String, String> m : match.entrySet()) {
            String actual = switch (m.getKey()) {
                case "severity" -> alert.severity();
                case "ruleId" -> alert.ruleId();
                default -> alert.labels() == null ? null : alert.labels().get(m.getKey());
            };
            if (!m.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The routes an alert takes: in order, stopping at the first match unless it says {@code continue}. */
    public static List<Route> select(List<Route> routes, AlertEvent alert) {
        List<Route> taken = new java.util.ArrayList<>();
        for (Route route : routes) {
            if (route.matches(alert)) {
                taken.add(route);
                if (!route.continueMatching()) {
                    break;
                }
            }
        }
        return taken;
    }
}
