package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class RiskSilenceInhibitionTest {

    private static List<Rule> defaults() {
        List<Rule> rules = new ArrayList<>();
        List<JsonNode> json = DefaultRules.forTenant("Asia/Shanghai");
        for (int i = 0; i < json.size(); i++) {
            rules.add(RuleParser.parse(json.get(i), i).parsed().rule());
        }
        return rules;
    }

    @Test
    void aVisitorComplaintHitsTheComplaintRuleWithTheMatchedWords() {
        RiskScanner scanner = new RiskScanner(defaults());
        List<RiskScanner.Hit> hits = scanner.scan("visitor", "再不处理我就投诉，还要去12315举报你们");
        assertEquals(1, hits.size());
        assertEquals("complaint-words", hits.get(0).rule().id());
        assertEquals(List.of("投诉", "12315", "举报"), hits.get(0).matched());
    }

    @Test
    void oneMessageCanHitSeveralRules() {
        RiskScanner scanner = new RiskScanner(defaults());
        List<String> rules = scanner.scan("visitor", "不给退款就给差评").stream().map(h -> h.rule().id()).toList();
        assertEquals(List.of("complaint-words", "refund-words"), rules);
    }

    @Test
    void onlyTheConfiguredSendersCount() {
        RiskScanner scanner = new RiskScanner(defaults());
        assertTrue(scanner.scan("agent", "您的退款已经处理").isEmpty(), "an agent saying 退款 is not a risk");
        assertTrue(scanner.scan("bot", "如需投诉请拨打热线").isEmpty());
    }

    @Test
    void patternsMatchOnFoldedText() {
        Rule rule = RuleParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "id", "phone", "kind", "risk", "name", "留电话", "severity", "warning", "category", "exposure",
                "patterns", List.of("1[3-9]\\d{9}"))), null).parsed().rule();
        RiskScanner scanner = new RiskScanner(List.of(rule));
        assertEquals(List.of("13812345678"), scanner.scan("visitor", "我的电话 １３８１２３４５６７８").get(0).matched());
    }

    @Test
    void silenceMatchesOnlyItsMatchersAndOnlyWhileActive() {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        Silence maintenance = new Silence("s1", Map.of("ruleId", "queue-wait-warning", "skillGroup", "presales"),
                start, start.plusSeconds(3600), "王班长", "系统维护");
        Map<String, String> presales = Map.of("skillGroup", "presales");
        assertTrue(maintenance.silences("queue-wait-warning", "warning", presales, start));
        assertFalse(maintenance.silences("queue-wait-warning", "warning", presales, start.minusSeconds(1)), "not started");
        assertFalse(maintenance.silences("queue-wait-warning", "warning", presales, start.plusSeconds(3600)), "ended");
        assertFalse(maintenance.silences("queue-wait-critical", "critical", presales, start), "another rule");
        assertFalse(maintenance.silences("queue-wait-warning", "warning", Map.of("skillGroup", "aftersales"), start));
    }

    @Test
    void criticalInhibitsTheWarningOfTheSameMetricAndScopeOnly() {
        Map<String, String> presales = Map.of("skillGroup", "presales");
        var warning = new Inhibition.OpenAlert("queue-wait-warning|skillGroup=presales", Rule.Severity.WARNING,
                "queue.longestWaitSeconds", presales, true);
        var critical = new Inhibition.OpenAlert("queue-wait-critical|skillGroup=presales", Rule.Severity.CRITICAL,
                "queue.longestWaitSeconds", presales, true);
        var otherGroup = new Inhibition.OpenAlert("queue-wait-critical|skillGroup=aftersales", Rule.Severity.CRITICAL,
                "queue.longestWaitSeconds", Map.of("skillGroup", "aftersales"), true);
        var pendingCritical = new Inhibition.OpenAlert("queue-wait-critical|skillGroup=presales", Rule.Severity.CRITICAL,
                "queue.longestWaitSeconds", presales, false);

        assertEquals(Optional.of(critical.key()), Inhibition.inhibitorOf(warning, List.of(warning, critical)));
        assertEquals(Optional.empty(), Inhibition.inhibitorOf(warning, List.of(warning, otherGroup)));
        assertEquals(Optional.empty(), Inhibition.inhibitorOf(warning, List.of(warning, pendingCritical)));
        assertEquals(Optional.empty(), Inhibition.inhibitorOf(critical, List.of(warning, critical)));
    }
}
