package dev.floorwatch.alert.domain;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The rules a new tenant starts with (ALERTS.md, from the source article's thresholds, risk
 * words and standard actions). The tenant may change or delete any of them.
 */
public final class DefaultRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DefaultRules() {
    }

    /** The default rules as JSON, with active hours in the tenant's time zone. */
    public static List<JsonNode> forTenant(String timezone) {
        String rules = """
                [
                 {"id": "queue-length-warning", "kind": "threshold", "name": "排队人数过多",
                  "metric": "queue.length", "op": ">=", "value": 10, "severity": "warning",
                  "runbook": "排队升高：临时加人、调整分配规则、开启机器人兜底"},
                 {"id": "queue-wait-warning", "kind": "threshold", "name": "最长排队时长偏长",
                  "metric": "queue.longestWaitSeconds", "op": ">=", "value": 60, "severity": "warning",
                  "runbook": "排队升高：统一短回复模板，高价值访客优先接入人工"},
                 {"id": "queue-wait-critical", "kind": "threshold", "name": "最长排队时长过长",
                  "metric": "queue.longestWaitSeconds", "op": ">=", "value": 180, "severity": "critical",
                  "runbook": "排队严重：临时加人、开启机器人兜底、高价值访客优先接入人工"},
                 {"id": "staffing-critical", "kind": "threshold", "name": "在线坐席不足",
                  "metric": "agents.online", "op": "<", "value": 3, "severity": "critical",
                  "activeHours": {"timezone": "%s", "windows": [{"days": "daily", "from": "09:00", "to": "21:00"}]},
                  "runbook": "人手不足：通知班长调度、检查坐席在线状态与排班"},
                 {"id": "unanswered-critical", "kind": "threshold", "name": "未回复会话过多",
                  "metric": "response.unanswered", "op": ">=", "value": 5, "severity": "critical",
                  "runbook": "首响变慢：检查坐席在线状态和分配策略，提醒“在线但不响应”的坐席"},
                 {"id": "complaint-burst", "kind": "burst", "name": "投诉集中出现",
                  "signal": "riskHits", "count": 3, "window": "10m", "severity": "critical",
                  "runbook": "投诉集中：主管介入、统一话术、建立工单跟进"},
                 {"id": "complaint-words", "kind": "risk", "name": "投诉风险会话", "category": "complaint",
                  "keywords": ["投诉", "差评", "举报", "12315", "律师", "曝光", "骗子", "complaint", "scam"],
                  "senders": ["visitor"], "severity": "warning",
                  "runbook": "风险会话：主管介入安抚，必要时升级工单"},
                 {"id": "refund-words", "kind": "risk", "name": "退款争议会话", "category": "refund",
                  "keywords": ["退款", "退货", "赔偿", "refund"], "senders": ["visitor"], "severity": "warning",
                  "runbook": "退款争议：按退款政策统一答复，及时转售后跟进"}
                ]""".formatted(timezone);
        try {
            List<JsonNode> list = new java.util.ArrayList<>();
            JSON.readTree(rules).forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException("the default rules are not valid JSON", e);
        }
    }
}
