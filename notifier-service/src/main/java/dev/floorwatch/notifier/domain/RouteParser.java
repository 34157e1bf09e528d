package dev.floorwatch.notifier.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.time.Durations;

/** Validates a tenant's routes (NOTIFY.md "Routes"): every error with the route's index and field. */
public final class RouteParser {

    public record Outcome(List<Route> routes, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Until a route says otherwise, alerts firing within one second go out as one message. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(1);
    private static final Set<String> MATCH_KEYS = Set.of("severity", "ruleId", "channel", "skillGroup", "category");
    private static final Set<String> FIELDS = Set.of("match", "receivers", "groupWait", "continue", "sendResolved");

    private RouteParser() {
    }

    public static Outcome parse(JsonNode routes, Set<String> receiverIds) {
        List<FieldError> errors = new ArrayList<>();
        List<Route> parsed = new ArrayList<>();
        if (routes == null || !routes.isArray() || routes.size() > 100) {
            errors.add(FieldError.of("routes", "must be an array of at most 100 routes"));
            return new Outcome(List.of(), errors);
        }
        for (int i = 0; i < routes.size(); i++) {
            JsonNode node = routes.get(i);
            int index = i;
            if (!node.isObject()) {
                errors.add(new FieldError(i, "$", "must be a route object"));
                continue;
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    errors.add(new FieldError(index, f, "is not a route field (match, receivers, groupWait, continue, sendResolved)"));
                }
            });
            Map<String, String> match = new LinkedHashMap<>();
            JsonNode m = node.get("match");
            if (m != null && !m.isNull()) {
                if (!m.isObject()) {
                    errors.add(new FieldError(i, "match", "must be an object"));
                } else {
                    m.fields().forEachRemaining(e -> {
                        if (!MATCH_KEYS.contains(e.getKey())) {
                            errors.add(new FieldError(index, "match." + e.getKey(),
                                    "is not a match key (severity, ruleId, channel, skillGroup, category)"));
                        } else if (!e.getValue().isTextual() || e.getValue().textValue().isBlank()) {
                            errors.add(new FieldError(index, "match." + e.getKey(), "must be a non-empty string"));
                        } else if (e.getKey().equals("severity") && !Set.of("critical", "warning").contains(e.getValue().textValue())) {
                            errors.add(new FieldError(index, "match.severity", "must be critical or warning"));
                        } else {
                            match.put(e.getKey(), e.getValue().textValue());
                        }
                    });
                }
            }
            List<String> receivers = new ArrayList<>();
            JsonNode r = node.get("receivers");
            if (r == null || !r.isArray() || r.isEmpty()) {
                errors.add(new FieldError(i, "receivers", "must be a non-empty array of receiver ids"));
            } else {
                for (int j = 0; j < r.size(); j++) {
                    String id = r.get(j).asText(null);
                    if (!r.get(j).isTextual() || !receiverIds.contains(id)) {
                        errors.add(new FieldError(i, "receivers[" + j + "]", "must name an existing receiver"));
                    } else {
                        receivers.add(id);
                    }
                }
            }
            Duration groupWait = DEFAULT_GROUP_WAIT;
            JsonNode g = node.get("groupWait");
            if (g != null && !g.isNull()) {
                var d = g.isTextual() ? Durations.parse(g.textValue()) : java.util.Optional.<Duration>empty();
                if (d.isEmpty() || d.get().compareTo(Duration.ofMinutes(10)) > 0) {
                    errors.add(new FieldError(i, "groupWait", "must be a duration such as 1s, 30s or 5m, at most 10m"));
                } else {
                    groupWait = d.get();
                }
            }
            boolean cont = bool(node, "continue", false, i, errors);
            boolean sendResolved = bool(node, "sendResolved", true, i, errors);
            parsed.add(new Route(Map.copyOf(match), List.copyOf(receivers), groupWait, cont, sendResolved));
        }
        return new Outcome(errors.isEmpty() ? List.copyOf(parsed) : List.of(), errors);
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, int index, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(index, field, "must be true or false"));
            return fallback;
        }
        return value.booleanValue();
    }
}
