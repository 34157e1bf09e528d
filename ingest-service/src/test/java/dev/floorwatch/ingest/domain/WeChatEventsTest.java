package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** WeChat pushes in the shapes of the Official Account documentation, mapped and then validated as envelopes. */
class WeChatEventsTest {

    private static final long NOW = Instant.parse("2026-11-26T10:00:00Z").getEpochSecond();
    private static final EnvelopeValidator VALIDATOR = new EnvelopeValidator(1000, Duration.ofMinutes(5));

    private static String push(String body) {
        return "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
                + "<CreateTime>" + NOW + "</CreateTime>" + body + "</xml>";
    }

    private static List<ObjectNode> valid(List<ObjectNode> events) {
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        batch.putArray("events").addAll(events);
        EnvelopeValidator.Outcome outcome = VALIDATOR.validate(batch, "acme", Instant.ofEpochSecond(NOW + 1));
        assertTrue(outcome.valid(), "valid envelopes: " + outcome.errors());
        return events;
    }

    @Test
    void aFollowersFirstTextStartsQueuesAndCarriesTheMessage() {
        WeChatPush push = WeChatPush.parse(push("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我要退款]]></Content><MsgId>6054768590064713728</MsgId>"));
        assertTrue(WeChatEvents.isVisitorMessage(push));
        List<ObjectNode> events = valid(WeChatEvents.map(push, "wx-s1", true));
        assertEquals(List.of("conversation.started", "conversation.queued", "message.created"),
                events.stream().map(e -> e.get("type").asText()).toList());
        ObjectNode message = events.get(2);
        assertEquals("wx-msg-6054768590064713728", message.get("id").asText());
        assertEquals("wechat_oa", message.get("channel").asText());
        assertEquals("oyORnuP8q7ou2gfYjqLzSIWZf0rs", message.get("visitorId").asText());
        assertEquals("wx-s1", message.get("conversationId").asText());
        assertEquals("visitor", message.at("/data/sender").asText());
        assertEquals("我要退款", message.at("/data/text").asText());
        assertEquals("2026-11-26T10:00:00Z", message.get("occurredAt").asText());
        // The same message again in the session: only the message, with the same id (WeChat retries dedupe on it).
        assertEquals(List.of("message.created"), WeChatEvents.map(push, "wx-s1", false).stream().map(e -> e.get("type").asText()).toList());
    }

    @Test
    void mediaMessagesBecomeReadableText() {
        assertEquals("[图片]", WeChatEvents.map(WeChatPush.parse(push("<MsgType>image</MsgType><PicUrl>http://x/y.jpg</PicUrl><MsgId>1</MsgId>")),
                "s", false).get(0).at("/data/text").asText());
        assertEquals("发货了吗", WeChatEvents.map(WeChatPush.parse(push("<MsgType>voice</MsgType><Recognition>发货了吗</Recognition><MsgId>2</MsgId>")),
                "s", false).get(0).at("/data/text").asText());
    }

    @Test
    void customerServiceSessionEventsMoveTheConversation() {
        WeChatPush create = WeChatPush.parse(push("<MsgType>event</MsgType><Event>kf_create_session</Event><KfAccount><![CDATA[test1@test]]></KfAccount>"));
        assertTrue(WeChatEvents.isSessionEvent(create));
        ObjectNode assigned = valid(WeChatEvents.map(create, "wx-s1", false)).get(0);
        assertEquals("conversation.assigned", assigned.get("type").asText());
        assertEquals("test1@test", assigned.get("agentId").asText());
        assertEquals("wx-ev-oyORnuP8q7ou2gfYjqLzSIWZf0rs-" + NOW + "-kf_create_session", assigned.get("id").asText());

        ObjectNode switched = valid(WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>kf_switch_session</Event>"
                + "<FromKfAccount>test1@test</FromKfAccount><ToKfAccount>test2@test</ToKfAccount>")), "wx-s1", false)).get(0);
        assertEquals("conversation.transferred", switched.get("type").asText());
        assertEquals("test2@test", switched.get("agentId").asText());
        assertEquals("test1@test", switched.at("/data/fromAgentId").asText());

        ObjectNode closed = valid(WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>kf_close_session</Event>"
                + "<KfAccount>test2@test</KfAccount>")), "wx-s1", false)).get(0);
        assertEquals("conversation.closed", closed.get("type").asText());
        assertThrows(WeChatCrypto.Rejected.class, () -> WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>kf_create_session</Event>")),
                "wx-s1", false));
    }

    @Test
    void followsAreVisitorPresenceAndMenuClicksMapToNothing() {
        assertEquals("visitor.online", valid(WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>subscribe</Event>")), null, false))
                .get(0).get("type").asText());
        assertEquals("visitor.offline", valid(WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>unsubscribe</Event>")), null, false))
                .get(0).get("type").asText());
        assertEquals(List.of(), WeChatEvents.map(WeChatPush.parse(push("<MsgType>event</MsgType><Event>CLICK</Event><EventKey>V1001</EventKey>")), null, false));
    }

    @Test
    void malformedOrHostileXmlIsRejected() {
        assertThrows(WeChatCrypto.Rejected.class, () -> WeChatPush.parse("<xml><MsgType>text</MsgType>"));
        assertThrows(WeChatCrypto.Rejected.class, () -> WeChatPush.parse("<html/>"));
        assertThrows(WeChatCrypto.Rejected.class, () -> WeChatPush.parse(
                "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>"));
        assertThrows(WeChatCrypto.Rejected.class, () -> WeChatPush.parse("<xml><MsgType>text</MsgType></xml>").createTime());
    }

    @Test
    void theDecryptedPublishedPushParses() {
        WeChatPush push = WeChatPush.parse("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
                + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n"
                + "<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>");
        assertEquals("abcdteT", push.get("Content"));
        assertEquals(1409735668L, push.createTime());
        assertEquals("msg-6054768590064713728", push.dedupKey());
    }
}
