package dev.floorwatch.ingest.domain;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One WeChat Official Account push, its {@code <xml>} children by name (text and CDATA alike).
 * Parsed with DTDs and external entities off: the body comes from the internet.
 */
public record WeChatPush(Map<String, String> fields) {

    public static WeChatPush parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element root = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!root.getTagName().equals("xml")) {
                throw new WeChatCrypto.Rejected("the push is not an <xml> document");
            }
            Map<String, String> fields = new HashMap<>();
            for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    fields.put(element.getTagName(), element.getTextContent().trim());
                }
            }
            return new WeChatPush(Map.copyOf(fields));
        } catch (WeChatCrypto.Rejected e) {
            throw e;
        } catch (Exception e) {
            throw new WeChatCrypto.Rejected("the push is not well-formed XML");
        }
    }

    public String get(String name) {
        return fields.get(name);
    }

    /** The visitor (the follower's OpenID). */
    public String openId() {
        return get("FromUserName");
    }

    public String msgType() {
        return get("MsgType");
    }

    /** The event of an event push, lower case ({@code subscribe}, {@code kf_create_session}…); empty for messages. */
    public String event() {
        String event = get("Event");
        return event == null ? "" : event.toLowerCase(java.util.Locale.ROOT);
    }

    /** Seconds since the epoch, as WeChat stamps every push. */
    public long createTime() {
        String value = get("CreateTime");
        try {
            return Long.parseLong(value);
        } catch (RuntimeException e) {
            throw new WeChatCrypto.Rejected("CreateTime is missing or not a number");
        }
    }

    /** The key WeChat's retries repeat: {@code MsgId} for messages, {@code FromUserName + CreateTime} for events. */
    public String dedupKey() {
        String msgId = get("MsgId");
        return msgId != null && !msgId.isEmpty() ? "msg-" + msgId : "ev-" + openId() + "-" + createTime() + "-" + event();
    }
}
