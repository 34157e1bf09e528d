package dev.floorwatch.notifier.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The request bodies of the three IM robots (NOTIFY.md "Vendor protocols"), each cut to the
 * vendor's byte limit by dropping alerts ("…另有 N 条"), never by cutting JSON. Signing is added
 * by the sender, which knows the time.
 */
public final class VendorPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room left in the body for the JSON around the text, the signature and the mentions. */
    private static final int ENVELOPE = 1_024;

    private VendorPayloads() {
    }

    /** Feishu interactive card: a coloured header and the markdown body. */
    public static ObjectNode feishu(Notice notice, Receiver receiver, NoticeTemplates templates) {
        String text = MessageBudget.fit(notice.lines().size(), k -> templates.markdown(notice.first(k), receiver.language())
                + (Boolean.TRUE.equals(receiver.mentionAll()) ? "\n<at id=all></at>" : ""),
                ReceiverType.FEISHU.maxBytes - ENVELOPE);
        ObjectNode body = JSON.createObjectNode().put("msg_type", "interactive");
        ObjectNode card = body.putObject("card");
        card.putObject("config").put("wide_screen_mode", true);
        ObjectNode header = card.putObject("header").put("template", notice.tone().feishuTemplate);
        header.putObject("title").put("tag", "plain_text").put("content", notice.title());
        ArrayNode elements = card.putArray("elements");
        elements.addObject().put("tag", "markdown").put("content", text);
        return body;
    }

    /** DingTalk markdown; mentioned mobiles must also appear as {@code @mobile} in the text. */
    public static ObjectNode dingTalk(Notice notice, Receiver receiver, NoticeTemplates templates) {
        StringBuilder mentions = new StringBuilder();
        receiver.atMobiles().forEach(m -> mentions.append(" @").append(m));
        String text = MessageBudget.fit(notice.lines().size(), k -> "#### " + notice.title() + "\n\n"
                + templates.markdown(notice.first(k), receiver.language()) + (mentions.isEmpty() ? "" : "\n\n" + mentions.toString().trim()),
                ReceiverType.DINGTALK.maxBytes - ENVELOPE);
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("title", notice.title()).put("text", text);
        ObjectNode at = body.putObject("at");
        ArrayNode mobiles = at.putArray("atMobiles");
        receiver.atMobiles().forEach(mobiles::add);
        at.put("isAtAll", Boolean.TRUE.equals(receiver.atAll()));
        return body;
    }

    /** WeCom markdown (content ≤ 4096 bytes); users are mentioned as {@code <@userid>} in the content. */
    public static ObjectNode weCom(Notice notice, Receiver receiver, NoticeTemplates templates) {
        StringBuilder mentions = new StringBuilder();
        receiver.mentionedList().forEach(u -> mentions.append("<@").append(u).append(">"));
        String content = MessageBudget.fit(notice.lines().size(), k -> "**" + notice.title() + "**\n"
                + templates.markdown(notice.first(k), receiver.language()) + (mentions.isEmpty() ? "" : "\n" + mentions),
                ReceiverType.WECOM.maxBytes);
        ObjectNode body = JSON.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("content", content);
        return body;
    }
}
