package dev.floorwatch.alert.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates a threshold rule on an overview (a {@code floorwatch.snapshots} message): one
 * evaluation tenant-wide, for the scoped channel or skill group, or one per row with {@code "*"}.
 */
public final class ThresholdEvaluator {

    /** The alert key of ALERTS.md ({@code rule|skillGroup=presales}), its labels, and the condition now. */
    public record Evaluation(String key, Map<String, String> labels, boolean condition, double value) {
    }

    private ThresholdEvaluator() {
    }

    public static List<Evaluation> evaluate(Rule rule, JsonNode overview) {
        Rule.Threshold t = rule.threshold();
        List<Evaluation> out = new ArrayList<>();
        if (t.scope().isEmpty()) {
            out.add(evaluation(rule, Map.of(), overview.at("/" + t.metric().replace('.', '/'))));
            return out;
        }
        Map.Entry<String, String> scope = t.scope().entrySet().iterator().next();
        String dimension = scope.getKey();
        String field = Metrics.inRow(dimension, t.metric()).orElseThrow();
        JsonNode rows = overview.path(dimension.equals("channel") ? "channels" : "skillGroups");
        boolean found = false;
        for (JsonNode row : rows) {
            String name = row.path(dimension).asText();
            if (scope.getValue().equals("*") || scope.getValue().equals(name)) {
                out.add(evaluation(rule, Map.of(dimension, name), row.get(field)));
                found = true;
            }
        }
        if (!found && !scope.getValue().equals("*")) {
            // A named channel or group without a row has nothing going on: counts are zero.
            out.add(evaluation(rule, Map.of(dimension, scope.getValue()), null));
        }
        return out;
    }

    private static Evaluation evaluation(Rule rule, Map<String, String> labels, JsonNode value) {
        boolean averaged = rule.threshold().metric().endsWith("AvgSeconds") || rule.threshold().metric().endsWith("P90Seconds");
        if (value == null || value.isNull() || value.isMissingNode()) {
            // No first response yet is "no value", not zero; a missing row's counts are zero.
            return averaged ? new Evaluation(key(rule.id(), labels), labels, false, 0)
                    : new Evaluation(key(rule.id(), labels), labels, rule.threshold().holds(0), 0);
        }
        double v = value.asDouble();
        return new Evaluation(key(rule.id(), labels), labels, rule.threshold().holds(v), v);
    }

    /** {@code ruleId} then the labels sorted by name: {@code rule|channel=web}. */
    public static String key(String ruleId, Map<String, String> labels) {
        StringBuilder key = new StringBuilder(ruleId);
        new TreeMap<>(labels).forEach((k, v) -> key.append(key.indexOf("|") < 0 ? '|' : ',').append(k).append('=').append(v));
        return key.toString();
    }
}
