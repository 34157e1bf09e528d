package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.http.FieldError;

class RulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Rule rule(String text) {
        RuleParser.Outcome outcome = RuleParser.parse(json(text), null);
        assertTrue(outcome.valid(), () -> outcome.errors().toString());
        return outcome.parsed().rule();
    }

    @Test
    void everyDefaultRuleIsValidWithTheArticlesThresholds() {
        List<JsonNode> defaults = DefaultRules.forTenant("Asia/Shanghai");
        assertEquals(8, defaults.size());
        for (int i = 0; i < defaults.size(); i++) {
            RuleParser.Outcome outcome = RuleParser.parse(defaults.get(i), i);
            assertTrue(outcome.valid(), () -> outcome.errors().toString());
        }
        Rule critical = RuleParser.parse(defaults.get(2), 2).parsed().rule();
        assertEquals("queue.longestWaitSeconds", critical.threshold().metric());
        assertEquals(180.0, critical.threshold().value());
        assertEquals(Duration.ofMinutes(10), critical.timing().repeatInterval());
        Rule staffing = RuleParser.parse(defaults.get(3), 3).parsed().rule();
        // 02:00 in Shanghai is outside 09:00-21:00: the staffing rule is not evaluated at night.
        assertFalse(staffing.activeAt(Instant.parse("2026-11-26T18:00:00Z")));
        assertTrue(staffing.activeAt(Instant.parse("2026-11-26T02:00:00Z")));
    }

    @Test
    void invalidRulesNameEachField() {
        RuleParser.Outcome outcome = RuleParser.parse(json("""
                {"id": "Bad Id", "kind": "threshold", "name": "x", "severity": "fatal",
                 "metric": "queue.depth", "op": "=>", "value": "ten", "for": "soon",
                 "activeHours": {"timezone": "Mars/Base", "windows": [{"days": "weekdays", "from": "9", "to": "21:00"}]},
                 "colour": "red"}"""), 4);
        assertEquals(List.of("id", "severity", "for", "activeHours.timezone", "activeHours.windows[0].days",
                "activeHours.windows[0].from", "op", "value", "metric", "colour"),
                outcome.errors().stream().map(FieldError::field).toList());
        assertTrue(outcome.errors().stream().allMatch(e -> e.index() == 4));
    }

    @Test
    void aMetricThatIsNotBrokenDownCannotBeScoped() {
        RuleParser.Outcome outcome = RuleParser.parse(json("""
                {"id": "r", "kind": "threshold", "name": "x", "severity": "warning",
                 "metric": "agents.load", "op": ">", "value": 3, "scope": {"channel": "web"}}"""), null);
        assertEquals("metric", outcome.errors().get(0).field());
    }

    @Test
    void thresholdAtExactlyTheValueHoldsForGreaterOrEqual() {
        Rule r = rule("""
                {"id": "w", "kind": "threshold", "name": "x", "severity": "warning",
                 "metric": "queue.longestWaitSeconds", "op": ">=", "value": 60}""");
        JsonNode at60 = json("{\"queue\": {\"longestWaitSeconds\": 60}}");
        JsonNode at59 = json("{\"queue\": {\"longestWaitSeconds\": 59}}");
        assertTrue(ThresholdEvaluator.evaluate(r, at60).get(0).condition());
        assertFalse(ThresholdEvaluator.evaluate(r, at59).get(0).condition());
        assertEquals("w", ThresholdEvaluator.evaluate(r, at60).get(0).key());
    }

    @Test
    void starScopeGivesOneEvaluationPerRowWithItsKey() {
        Rule r = rule("""
                {"id": "grp-wait", "kind": "threshold", "name": "x", "severity": "critical",
                 "metric": "queue.longestWaitSeconds", "op": ">=", "value": 180, "scope": {"skillGroup": "*"}}""");
        JsonNode overview = json("""
                {"skillGroups": [{"skillGroup": "aftersales", "longestWaitSeconds": 200},
                                 {"skillGroup": "presales", "longestWaitSeconds": 20}]}""");
        List<ThresholdEvaluator.Evaluation> evaluations = ThresholdEvaluator.evaluate(r, overview);
        assertEquals(List.of("grp-wait|skillGroup=aftersales", "grp-wait|skillGroup=presales"),
                evaluations.stream().map(ThresholdEvaluator.Evaluation::key).toList());
        assertEquals(List.of(true, false), evaluations.stream().map(ThresholdEvaluator.Evaluation::condition).toList());
        assertEquals(Map.of("skillGroup", "aftersales"), evaluations.get(0).labels());
    }

    @Test
    void noFirstResponseYetIsNotZero() {
        Rule r = rule("""
                {"id": "slow", "kind": "threshold", "name": "x", "severity": "warning",
                 "metric": "response.firstResponseAvgSeconds", "op": "<", "value": 5}""");
        assertFalse(ThresholdEvaluator.evaluate(r, json("{\"response\": {\"firstResponseAvgSeconds\": null}}")).get(0).condition());
    }

    @Test
    void defaultsAreFilledIntoTheStoredJson() {
        RuleParser.Outcome outcome = RuleParser.parse(json("""
                {"id": "r", "kind": "risk", "name": "投诉", "severity": "warning", "category": "complaint",
                 "keywords": ["投诉"]}"""), null);
        JsonNode stored = outcome.parsed().json();
        assertEquals("0s", stored.get("for").asText());
        assertEquals("30m", stored.get("repeatInterval").asText());
        assertEquals("visitor", stored.get("senders").get(0).asText());
        assertTrue(stored.get("enabled").asBoolean());
    }
}
