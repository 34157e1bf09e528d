package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.events.AlertEvent;

class NoticeRenderingTest {

    private static final NoticeTemplates TEMPLATES = new NoticeTemplates();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant STARTS = Instant.parse("2026-11-26T10:15:30Z");
    private static final String WALLBOARD = "https://floorwatch.example.com";

    private static AlertEvent waitCritical(String state) {
        return new AlertEvent(1, "acme", "queue-wait-critical|skillGroup=presales", "queue-wait-critical", "最长排队时长过长",
                "critical", state, "queue.longestWaitSeconds", 212.0, 180.0, Map.of("skillGroup", "presales"), null, List.of(),
                STARTS, state.equals("resolved") ? STARTS.plusSeconds(192) : null, STARTS, "排队严重：临时加人、开启机器人兜底", "s1",
                null, null);
    }

    private static AlertEvent complaint() {
        return new AlertEvent(1, "acme", "complaint-words|conversation=c42", "complaint-words", "投诉风险会话", "warning",
                "firing", null, null, null, Map.of("category", "complaint"), "c42", List.of("投诉", "12315"), STARTS, null, STARTS,
                "风险会话：主管介入安抚", "s2", null, null);
    }

    private static Receiver receiver(ReceiverType type, Receiver.Language language) {
        return new Receiver("r", type, null, language, "https://example/hook", null, false, List.of("13800138000"), false,
                List.of("zhangsan"), List.of(), List.of(), List.of());
    }

    @Test
    void aChineseMessageSaysWhatWhereSinceWhenAndWhatToDo() {
        Notice notice = NoticeWriter.compose("acme", List.of(waitCritical("firing"), complaint()), Receiver.Language.ZH, SHANGHAI, WALLBOARD);
        assertEquals("【严重】2 条告警：最长排队时长过长 等 · acme", notice.title());
        assertEquals(Notice.Tone.CRITICAL, notice.tone());
        String text = TEMPLATES.markdown(notice, Receiver.Language.ZH);
        assertTrue(text.contains("**严重｜最长排队时长过长**"), text);
        assertTrue(text.contains("当前值：212 秒（阈值 180 秒）"), text);
        assertTrue(text.contains("范围：技能组 presales"), text);
        assertTrue(text.contains("开始：11-26 18:15:30"), "in the tenant's time zone: " + text);
        assertTrue(text.contains("建议动作：排队严重：临时加人、开启机器人兜底"), text);
        assertTrue(text.contains("会话：c42（命中：投诉、12315）"), text);
        assertTrue(text.contains("(https://floorwatch.example.com/#tenant=acme&skillGroup=presales)"), text);
    }

    @Test
    void anEnglishResolvedNoticeIsGreenAndSaysHowLongItLasted() {
        Notice notice = NoticeWriter.compose("acme", List.of(waitCritical("resolved")), Receiver.Language.EN, SHANGHAI, WALLBOARD);
        assertEquals("[RESOLVED] 最长排队时长过长 · acme", notice.title());
        assertEquals(Notice.Tone.RESOLVED, notice.tone());
        String text = TEMPLATES.markdown(notice, Receiver.Language.EN);
        assertTrue(text.contains("- State: resolved"), text);
        assertTrue(text.contains("lasted 3m 12s"), text);
        assertFalse(text.contains("###"), "one alert needs no numbering: " + text);
    }

    @Test
    void theMailHtmlEscapesWhatTenantsWrote() {
        AlertEvent hostile = new AlertEvent(1, "acme", "k", "r", "<script>alert(1)</script>", "warning", "firing", null, null,
                null, Map.of(), null, List.of(), STARTS, null, STARTS, "a & b", null, null, null);
        String html = TEMPLATES.html(NoticeWriter.compose("acme", List.of(hostile), Receiver.Language.ZH, SHANGHAI, WALLBOARD),
                Receiver.Language.ZH);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(html.contains("a &amp; b"), html);
    }

    @Test
    void aFeishuCardHasAHeaderColouredBySeverity() {
        ObjectNode body = VendorPayloads.feishu(NoticeWriter.compose("acme", List.of(complaint()), Receiver.Language.ZH, SHANGHAI,
                WALLBOARD), receiver(ReceiverType.FEISHU, Receiver.Language.ZH), TEMPLATES);
        assertEquals("interactive", body.path("msg_type").asText());
        assertEquals("orange", body.path("card").path("header").path("template").asText());
        assertEquals("【警告】投诉风险会话 · acme", body.path("card").path("header").path("title").path("content").asText());
        assertTrue(body.path("card").path("elements").get(0).path("content").asText().contains("命中：投诉、12315"));
    }

    @Test
    void aStormOfAlertsIsCutToEachVendorsLimitAndCountsTheRest() {
        List<AlertEvent> storm = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            storm.add(complaint());
        }
        Notice notice = NoticeWriter.compose("acme", storm, Receiver.Language.ZH, SHANGHAI, WALLBOARD);
        ObjectNode ding = VendorPayloads.dingTalk(notice, receiver(ReceiverType.DINGTALK, Receiver.Language.ZH), TEMPLATES);
        assertTrue(ding.toString().getBytes(StandardCharsets.UTF_8).length <= ReceiverType.DINGTALK.maxBytes);
        String text = ding.path("markdown").path("text").asText();
        assertTrue(text.matches("(?s).*…另有 \\d+ 条.*"), text.substring(text.length() - 60));
        assertTrue(text.endsWith("@13800138000"), "mentioned mobiles appear in the text");
        assertEquals("13800138000", ding.path("at").path("atMobiles").get(0).asText());

        ObjectNode wecom = VendorPayloads.weCom(notice, receiver(ReceiverType.WECOM, Receiver.Language.ZH), TEMPLATES);
        String content = wecom.path("markdown").path("content").asText();
        assertTrue(content.getBytes(StandardCharsets.UTF_8).length <= 4096, "WeCom markdown content ≤ 4096 bytes");
        assertTrue(content.contains("<@zhangsan>"));
        Optional.of(VendorPayloads.feishu(notice, receiver(ReceiverType.FEISHU, Receiver.Language.ZH), TEMPLATES))
                .ifPresent(f -> assertTrue(f.toString().getBytes(StandardCharsets.UTF_8).length <= ReceiverType.FEISHU.maxBytes));
    }
}
