package dev.floorwatch.notifier.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a vendor's answer means. All three IM vendors answer HTTP 200 on failure too, so the body
 * decides: the code, and whether trying again later can help (NOTIFY.md "Delivery guarantees").
 */
public record VendorReply(Outcome outcome, String code, String message) {

    public enum Outcome { DELIVERED, RETRY, FAILED }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A network error or timeout: always worth another try. */
    public static VendorReply unreachable(String why) {
        return new VendorReply(Outcome.RETRY, "network", why);
    }

    public static VendorReply classify(ReceiverType type, int status, String body) {
        if (status >= 500 || status == 429) {
            return new VendorReply(Outcome.RETRY, "http " + status, shorten(body));
        }
        if (status >= 300) {
            // 3xx included: redirects are not followed (they could lead to another host).
            return new VendorReply(Outcome.FAILED, "http " + status, shorten(body));
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return new VendorReply(Outcome.FAILED, "http " + status, "not JSON: " + shorten(body));
        }
        if (reply == null || !reply.isObject()) {
            return new VendorReply(Outcome.FAILED, "http " + status, "not a JSON object: " + shorten(body));
        }
        return switch (type) {
            case FEISHU -> byCode(reply.path("code"), reply.path("msg").asText(""), 11232);
            case DINGTALK -> byCode(reply.path("errcode"), reply.path("errmsg").asText(""), 130101);
            case WECOM -> byCode(reply.path("errcode"), reply.path("errmsg").asText(""), 45009);
            default -> new VendorReply(Outcome.DELIVERED, "0", "");
        };
    }

    /** Code 0 is success; the vendor's frequency-limit code is retried; every other code is permanent. */
    private static VendorReply byCode(JsonNode code, String message, int rateLimited) {
        if (!code.isIntegralNumber()) {
            // Feishu's older answers carry StatusCode instead of code; no code at all is not a success.
            return new VendorReply(Outcome.FAILED, "missing", message);
        }
        int value = code.asInt();
        Outcome outcome = value == 0 ? Outcome.DELIVERED : value == rateLimited ? Outcome.RETRY : Outcome.FAILED;
        return new VendorReply(outcome, Integer.toString(value), message);
    }

    private static String shorten(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
