package dev.floorwatch.ingest.domain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a WeChat Official Account push becomes in the envelope of EVENTS.md (channel
 * {@code wechat_oa}, visitor = the follower's OpenID). The conversation is the follower's current
 * customer-service session: the caller keeps sessions and passes the id, and whether this push
 * opens a new one (then it is started and queued for a human, as the 客服 queue works).
 * Anything else WeChat pushes (menu clicks, location reports…) maps to nothing.
 */
public final class WeChatEvents {

    public static final String CHANNEL = "wechat_oa";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WeChatEvents() {
    }

    /** Whether the push is a follower's message (it needs a session). */
    public static boolean isVisitorMessage(WeChatPush push) {
        return push.msgType() != null && !push.msgType().equals("event");
    }

    public static List<ObjectNode> map(WeChatPush push, String conversationId, boolean newSession) {
        Instant at = Instant.ofEpochSecond(push.createTime());
        String id = "wx-" + push.dedupKey();
        if (isVisitorMessage(push)) {
            ObjectNode message = envelope(id, "message.created", at, push).put("conversationId", conversationId);
            message.putObject("data").put("sender", "visitor").put("text", text(push));
            if (!newSession) {
                return List.of(message);
            }
            ObjectNode started = envelope(id + "-started", "conversation.started", at, push).put("conversationId", conversationId);
            started.putObject("data").put("initiator", "visitor");
            ObjectNode queued = envelope(id + "-queued", "conversation.queued", at, push).put("conversationId", conversationId);
            queued.putObject("data").put("reason", "new");
            return List.of(started, queued, message);
        }
        return switch (push.event()) {
            case "subscribe" -> {
                ObjectNode online = envelope(id, "visitor.online", at, push);
                online.putObject("data").put("source", "wechat_subscribe");
                yield List.of(online);
            }
            case "unsubscribe" -> List.of(envelope(id, "visitor.offline", at, push));
            case "kf_create_session" -> List.of(envelope(id, "conversation.assigned", at, push)
                    .put("conversationId", conversationId).put("agentId", required(push, "KfAccount")));
            case "kf_switch_session" -> {
                ObjectNode transferred = envelope(id, "conversation.transferred", at, push).put("conversationId", conversationId)
                        .put("agentId", required(push, "ToKfAccount"));
                transferred.putObject("data").put("from", "agent").put("to", "agent").put("fromAgentId", required(push, "FromKfAccount"));
                yield List.of(transferred);
            }
            case "kf_close_session" -> {
                ObjectNode closed = envelope(id, "conversation.closed", at, push).put("conversationId", conversationId);
                closed.putObject("data").put("closedBy", "agent");
                yield List.of(closed);
            }
            default -> List.of();
        };
    }

    /** Whether an event push concerns the follower's session (so the caller must look it up). */
    public static boolean isSessionEvent(WeChatPush push) {
        return push.event().startsWith("kf_");
    }

    private static ObjectNode envelope(String id, String type, Instant at, WeChatPush push) {
        return JSON.objectNode().put("id", id).put("type", type).put("occurredAt", at.toString()).put("channel", CHANNEL)
                .put("visitorId", push.openId());
    }

    private static String text(WeChatPush push) {
        return switch (push.msgType()) {
            case "text" -> push.get("Content") == null ? "" : push.get("Content");
            case "image" -> "[图片]";
            case "voice" -> push.get("Recognition") != null && !push.get("Recognition").isEmpty() ? push.get("Recognition") : "[语音]";
            case "video", "shortvideo" -> "[视频]";
            case "location" -> "[位置] " + (push.get("Label") == null ? "" : push.get("Label"));
            case "link" -> "[链接] " + (push.get("Title") == null ? "" : push.get("Title"));
            default -> "[" + push.msgType() + "]";
        };
    }

    private static String required(WeChatPush push, String field) {
        String value = push.get(field);
        if (value == null || value.isEmpty()) {
            throw new WeChatCrypto.Rejected(push.event() + " without " + field);
        }
        return value;
    }
}
