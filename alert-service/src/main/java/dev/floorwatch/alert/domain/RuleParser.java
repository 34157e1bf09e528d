package dev.floorwatch.alert.domain;

import dev.floorwatch.common.time.Durations;
import java.time.Duration;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.http.FieldError;

/**
 * Validates a rule's JSON (ALERTS.md) and parses it, reporting every error with the field it is
 * in ({@code scope.skillGroup}, {@code activeHours.windows[0].days}…), so a 422 tells the tenant
 * exactly what to fix. Defaults are filled into the stored JSON so reads show what is in force.
 */
public final class RuleParser {

    public record Parsed(Rule rule, ObjectNode json) {
    }

    public record Outcome(Parsed parsed, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Set<String> OPS = Set.of(">", ">=", "<", "<=", "==");
    private static final Set<String> SENDERS = Set.of("visitor", "agent", "bot");
    private static final Set<String> BURST_SIGNALS = Set.of("riskHits", "negativeRatings", "abandoned", "botTransfers");
    private static final Map<String, Long> CONVERSATION_SIGNALS = new LinkedHashMap<>();
    private static final Set<String> COMMON = Set.of("id", "kind", "name", "severity", "enabled", "runbook", "activeHours",
            "for", "keepFiringFor", "repeatInterval");

    static {
        // Default thresholds: messages, turns, switches, seconds, seconds.
        CONVERSATION_SIGNALS.put("repeatedQuestion", 3L);
        CONVERSATION_SIGNALS.put("longConversation", 30L);
        CONVERSATION_SIGNALS.put("botPingPong", 2L);
        CONVERSATION_SIGNALS.put("highValueWaiting", 60L);
        CONVERSATION_SIGNALS.put("silentAgent", 120L);
    }

    private RuleParser() {
    }

    /** {@code index} is the rule's place in a list (null for a single rule); errors carry it. */
    public static Outcome parse(JsonNode node, Integer index) {
        Errors e = new Errors(index);
        if (node == null || !node.isObject()) {
            e.add("$", "must be a rule object");
            return new Outcome(null, e.list);
        }
        ObjectNode json = ((ObjectNode) node).deepCopy();
        String id = text(json, "id", true, e);
        if (id != null && !ID.matcher(id).matches()) {
            e.add("id", "must match " + ID.pattern());
        }
        String kindName = text(json, "kind", true, e);
        Rule.Kind kind = null;
        if (kindName != null) {
            try {
                kind = Rule.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                e.add("kind", "must be one of threshold, risk, burst, conversation");
            }
        }
        String name = text(json, "name", true, e);
        if (name != null && (name.isBlank() || name.length() > 200)) {
            e.add("name", "must be 1 to 200 characters");
        }
        String severityName = text(json, "severity", true, e);
        Rule.Severity severity = null;
        if (severityName != null) {
            try {
                severity = Rule.Severity.valueOf(severityName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                e.add("severity", "must be critical or warning");
            }
        }
        boolean enabled = true;
        if (json.has("enabled")) {
            if (!json.get("enabled").isBoolean()) {
                e.add("enabled", "must be true or false");
            } else {
                enabled = json.get("enabled").booleanValue();
            }
        }
        json.put("enabled", enabled);
        String runbook = text(json, "runbook", false, e);
        if (runbook != null && runbook.length() > 1000) {
            e.add("runbook", "must be at most 1000 characters");
        }
        Duration forDuration = duration(json, "for", Duration.ZERO, e);
        Duration keep = duration(json, "keepFiringFor", kind == Rule.Kind.THRESHOLD ? Duration.ofSeconds(30) : Duration.ZERO, e);
        Duration repeat = duration(json, "repeatInterval",
                severity == Rule.Severity.CRITICAL ? Duration.ofMinutes(10) : Duration.ofMinutes(30), e);
        if (repeat != null && repeat.compareTo(Duration.ofMinutes(1)) < 0) {
            e.add("repeatInterval", "must be at least 1m");
        }
        ActiveHours hours = activeHours(json.get("activeHours"), e);

        Set<String> allowed = new java.util.HashSet<>(COMMON);
        Rule.Threshold threshold = null;
        Rule.Risk risk = null;
        Rule.Burst burst = null;
        Rule.ConversationSignal conversation = null;
        if (kind != null) {
            switch (kind) {
                case THRESHOLD -> {
                    allowed.addAll(Set.of("metric", "op", "value", "scope"));
                    threshold = threshold(json, e);
                }
                case RISK -> {
                    allowed.addAll(Set.of("category", "keywords", "patterns", "senders"));
                    risk = risk(json, e);
                }
                case BURST -> {
                    allowed.addAll(Set.of("signal", "count", "window"));
                    burst = burst(json, e);
                }
                case CONVERSATION -> {
                    allowed.addAll(Set.of("signal", "threshold"));
                    conversation = conversation(json, e);
                }
            }
            json.fieldNames().forEachRemaining(field -> {
                if (!allowed.contains(field)) {
                    e.add(field, "unknown field for a " + kindName + " rule");
                }
            });
        }
        if (!e.list.isEmpty()) {
            return new Outcome(null, e.list);
        }
        Rule rule = new Rule(id, kind, name, severity, enabled, runbook, hours,
                new AlertLifecycle.Timing(forDuration, keep, repeat), threshold, risk, burst, conversation);
        return new Outcome(new Parsed(rule, json), List.of());
    }

    private static Rule.Threshold threshold(ObjectNode json, Errors e) {
        String metric = text(json, "metric", true, e);
        String op = text(json, "op", true, e);
        if (op != null && !OPS.contains(op)) {
            e.add("op", "must be one of >, >=, <, <=, ==");
        }
        JsonNode value = json.get("value");
        if (value == null || !value.isNumber()) {
            e.add("value", "must be a number");
        }
        Map<String, String> scope = new LinkedHashMap<>();
        JsonNode scopeNode = json.get("scope");
        if (scopeNode != null && !scopeNode.isNull()) {
            if (!scopeNode.isObject()) {
                e.add("scope", "must be an object {channel?} or {skillGroup?}");
            } else {
                scopeNode.fields().forEachRemaining(field -> {
                    if (!field.getKey().equals("channel") && !field.getKey().equals("skillGroup")) {
                        e.add("scope." + field.getKey(), "unknown scope; use channel or skillGroup");
                    } else if (!field.getValue().isTextual() || field.getValue().textValue().isEmpty()) {
                        e.add("scope." + field.getKey(), "must be a name or \"*\"");
                    } else {
                        scope.put(field.getKey(), field.getValue().textValue());
                    }
                });
                if (scope.size() > 1) {
                    e.add("scope", "scope one dimension: channel or skillGroup");
                }
            }
        }
        if (metric != null) {
            if (!Metrics.TENANT_WIDE.contains(metric)) {
                e.add("metric", "unknown metric \"" + metric + "\"; a numeric overview field such as queue.longestWaitSeconds");
            } else {
                for (String dimension : scope.keySet()) {
                    if (Metrics.inRow(dimension, metric).isEmpty()) {
                        e.add("metric", metric + " is not broken down by " + dimension + "; by " + dimension + ": "
                                + String.join(", ", Metrics.brokenDownBy(dimension)));
                    }
                }
            }
        }
        return value == null || !value.isNumber() ? null : new Rule.Threshold(metric, op, value.doubleValue(), Map.copyOf(scope));
    }

    private static Rule.Risk risk(ObjectNode json, Errors e) {
        String category = text(json, "category", true, e);
        if (category != null && !CATEGORY.matcher(category).matches()) {
            e.add("category", "must match " + CATEGORY.pattern());
        }
        List<String> keywords = strings(json, "keywords", 100, e);
        List<Pattern> patterns = new ArrayList<>();
        List<String> patternTexts = strings(json, "patterns", 500, e);
        for (int i = 0; i < patternTexts.size(); i++) {
            try {
                patterns.add(Pattern.compile(patternTexts.get(i), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException ex) {
                e.add("patterns[" + i + "]", "is not a valid regular expression: " + ex.getDescription());
            }
        }
        if (keywords.isEmpty() && patternTexts.isEmpty()) {
            e.add("keywords", "give at least one keyword or pattern");
        }
        List<String> senders = json.has("senders") ? strings(json, "senders", 16, e) : List.of("visitor");
        for (int i = 0; i < senders.size(); i++) {
            if (!SENDERS.contains(senders.get(i))) {
                e.add("senders[" + i + "]", "must be visitor, agent or bot");
            }
        }
        json.set("senders", json.arrayNode().addAll(senders.stream().map(json::textNode).toList()));
        return new Rule.Risk(category, keywords, patterns, senders);
    }

    private static Rule.Burst burst(ObjectNode json, Errors e) {
        String signal = text(json, "signal", true, e);
        if (signal != null && !BURST_SIGNALS.contains(signal)) {
            e.add("signal", "must be one of " + String.join(", ", BURST_SIGNALS.stream().sorted().toList()));
        }
        JsonNode count = json.get("count");
        if (count == null || !count.isIntegralNumber() || count.asInt() < 1 || count.asInt() > 100_000) {
            e.add("count", "must be an integer from 1 to 100000");
        }
        Duration window = duration(json, "window", null, e);
        if (window == null && !json.has("window")) {
            e.add("window", "is required, such as 10m");
        } else if (window != null && (window.isZero() || window.compareTo(Duration.ofHours(24)) > 0)) {
            e.add("window", "must be more than 0s and at most 24h");
        }
        return new Rule.Burst(signal, count == null ? 0 : count.asInt(), window);
    }

    private static Rule.ConversationSignal conversation(ObjectNode json, Errors e) {
        String signal = text(json, "signal", true, e);
        if (signal != null && !CONVERSATION_SIGNALS.containsKey(signal)) {
            e.add("signal", "must be one of " + String.join(", ", CONVERSATION_SIGNALS.keySet()));
            return null;
        }
        long threshold = signal == null ? 0 : CONVERSATION_SIGNALS.get(signal);
        JsonNode given = json.get("threshold");
        if (given != null && !given.isNull()) {
            if (!given.isIntegralNumber() || given.asLong() < 1) {
                e.add("threshold", "must be a positive integer (messages, turns, switches or seconds)");
            } else {
                threshold = given.asLong();
            }
        }
        json.put("threshold", threshold);
        return new Rule.ConversationSignal(signal, threshold);
    }

    private static ActiveHours activeHours(JsonNode node, Errors e) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            e.add("activeHours", "must be an object {timezone, windows}");
            return null;
        }
        ZoneId zone = null;
        JsonNode tz = node.get("timezone");
        if (tz == null || !tz.isTextual() || !ZoneId.getAvailableZoneIds().contains(tz.textValue())) {
            e.add("activeHours.timezone", "must be an IANA time zone such as Asia/Shanghai");
        } else {
            zone = ZoneId.of(tz.textValue());
        }
        JsonNode windows = node.get("windows");
        List<ActiveHours.Window> parsed = new ArrayList<>();
        if (windows == null || !windows.isArray() || windows.isEmpty()) {
            e.add("activeHours.windows", "must be a non-empty array of {days, from, to}");
        } else {
            for (int i = 0; i < windows.size(); i++) {
                String at = "activeHours.windows[" + i + "]";
                JsonNode w = windows.get(i);
                Set<DayOfWeek> days = ActiveHours.parseDays(w.path("days").asText(null));
                if (days == null) {
                    e.add(at + ".days", "must be like mon-fri, sat,sun or daily");
                }
                LocalTime from = time(w.path("from").asText(null), at + ".from", e);
                LocalTime to = time(w.path("to").asText(null), at + ".to", e);
                if (days != null && from != null && to != null) {
                    if (from.equals(to)) {
                        e.add(at + ".to", "must differ from from");
                    }
                    parsed.add(new ActiveHours.Window(days, from, to));
                }
            }
        }
        return zone == null ? null : new ActiveHours(zone, parsed);
    }

    private static LocalTime time(String text, String field, Errors e) {
        try {
            if (text != null && text.matches("\\d{2}:\\d{2}")) {
                return LocalTime.parse(text);
            }
        } catch (DateTimeParseException ex) {
            // reported below
        }
        e.add(field, "must be a time HH:mm");
        return null;
    }

    private static Duration duration(ObjectNode json, String field, Duration fallback, Errors e) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            if (fallback != null) {
                json.put(field, Durations.format(fallback));
            }
            return fallback;
        }
        var parsed = node.isTextual() ? Durations.parse(node.textValue()) : java.util.Optional.<Duration>empty();
        if (parsed.isEmpty()) {
            e.add(field, "must be a duration such as 0s, 30s, 5m or 1h30m");
            return fallback;
        }
        return parsed.get();
    }

    private static String text(ObjectNode json, String field, boolean required, Errors e) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                e.add(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            e.add(field, "must be a string");
            return null;
        }
        return node.textValue();
    }

    private static List<String> strings(ObjectNode json, String field, int maxLength, Errors e) {
        JsonNode node = json.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            e.add(field, "must be an array of strings");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.textValue().isBlank() || item.textValue().length() > maxLength) {
                e.add(field + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    private static final class Errors {
        final Integer index;
        final List<FieldError> list = new ArrayList<>();

        Errors(Integer index) {
            this.index = index;
        }

        void add(String field, String message) {
            list.add(new FieldError(index, field, message));
        }
    }
}
