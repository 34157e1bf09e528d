package dev.floorwatch.notifier.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.floorwatch.common.events.AlertEvent;

/**
 * Turns alert transitions into a {@link Notice} in Chinese or English (NOTIFY.md "What a message
 * says"): severity and rule name, value against threshold, scope, since when (in the tenant's
 * time zone), how long a resolved alert lasted, the runbook action, the conversation and matched
 * words of a risk alert, and a wallboard link filtered to the scope (never with a token in it).
 */
public final class NoticeWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    private NoticeWriter() {
    }

    public static Notice compose(String tenant, List<AlertEvent> alerts, Receiver.Language language, ZoneId zone,
            String wallboardUrl) {
        boolean zh = language == Receiver.Language.ZH;
        boolean anyCritical = alerts.stream().anyMatch(a -> !isResolved(a) && "critical".equals(a.severity()));
        boolean allResolved = alerts.stream().allMatch(NoticeWriter::isResolved);
        Notice.Tone tone = allResolved ? Notice.Tone.RESOLVED : anyCritical ? Notice.Tone.CRITICAL : Notice.Tone.WARNING;
        String tag = switch (tone) {
            case CRITICAL -> zh ? "【严重】" : "[CRITICAL] ";
            case WARNING -> zh ? "【警告】" : "[WARNING] ";
            case RESOLVED -> zh ? "【已恢复】" : "[RESOLVED] ";
        };
        String subject = alerts.size() == 1 ? alerts.get(0).name()
                : zh ? alerts.size() + " 条告警：" + alerts.get(0).name() + " 等" : alerts.size() + " alerts: " + alerts.get(0).name() + " and more";
        List<Notice.Line> lines = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            lines.add(line(i + 1, tenant, alerts.get(i), zh, zone, wallboardUrl));
        }
        return new Notice(tag + subject + " · " + tenant, tone, List.copyOf(lines), 0);
    }

    private static boolean isResolved(AlertEvent a) {
        return "resolved".equals(a.state());
    }

    private static Notice.Line line(int index, String tenant, AlertEvent a, boolean zh, ZoneId zone, String wallboardUrl) {
        String label = switch (a.severity()) {
            case "critical" -> zh ? "严重" : "Critical";
            default -> zh ? "警告" : "Warning";
        };
        String state = switch (a.state()) {
            case "firing" -> zh ? "告警中" : "firing";
            case "reminder" -> zh ? "仍未恢复（提醒）" : "still firing (reminder)";
            case "resolved" -> zh ? "已恢复" : "resolved";
            case "acknowledged" -> zh ? "已确认" : "acknowledged";
            default -> a.state();
        };
        String value = "";
        if (a.value() != null) {
            String unit = a.metric() != null && a.metric().endsWith("Seconds") ? (zh ? " 秒" : " s") : "";
            value = number(a.value()) + unit;
            if (a.threshold() != null) {
                value += zh ? "（阈值 " + number(a.threshold()) + unit + "）" : " (threshold " + number(a.threshold()) + unit + ")";
            }
        }
        Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
        List<String> scope = new ArrayList<>();
        if (labels.containsKey("channel")) {
            scope.add((zh ? "渠道 " : "channel ") + labels.get("channel"));
        }
        if (labels.containsKey("skillGroup")) {
            scope.add((zh ? "技能组 " : "group ") + labels.get("skillGroup"));
        }
        String lasted = a.endsAt() != null && a.startsAt() != null ? duration(Duration.between(a.startsAt(), a.endsAt()), zh) : "";
        String matched = a.matched() == null ? "" : String.join(zh ? "、" : ", ", a.matched());
        return new Notice.Line(index, label, a.name(), state, value, String.join(" · ", scope),
                a.startsAt() == null ? "" : TIME.format(a.startsAt().atZone(zone)), lasted,
                a.conversationId() == null ? "" : a.conversationId(), matched, a.runbook() == null ? "" : a.runbook(),
                link(wallboardUrl, tenant, labels, a.conversationId()));
    }

    /** The wallboard, filtered to the alert's scope; the viewer signs in there (no token in a chat message). */
    static String link(String wallboardUrl, String tenant, Map<String, String> labels, String conversationId) {
        StringBuilder link = new StringBuilder(wallboardUrl).append("/#tenant=").append(encode(tenant));
        for (String key : List.of("channel", "skillGroup")) {
            if (labels.containsKey(key)) {
                link.append('&').append(key).append('=').append(encode(labels.get(key)));
            }
        }
        if (conversationId != null) {
            link.append("&conversation=").append(encode(conversationId));
        }
        return link.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.valueOf(value);
    }

    static String duration(Duration d, boolean zh) {
        long s = Math.max(0, d.toSeconds());
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append(zh ? "小时" : "h ");
        }
        if (h > 0 || m > 0) {
            out.append(m).append(zh ? "分" : "m ");
        }
        out.append(sec).append(zh ? "秒" : "s");
        return out.toString().trim();
    }
}
