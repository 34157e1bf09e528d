package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.floorwatch.notifier.domain.VendorReply.Outcome;

class VendorReplyTest {

    private static Outcome outcome(ReceiverType type, int status, String body) {
        return VendorReply.classify(type, status, body).outcome();
    }

    @Test
    void successIsCodeZeroInTheBody() {
        assertEquals(Outcome.DELIVERED, outcome(ReceiverType.FEISHU, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}"));
        assertEquals(Outcome.DELIVERED, outcome(ReceiverType.DINGTALK, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        assertEquals(Outcome.DELIVERED, outcome(ReceiverType.WECOM, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
    }

    @Test
    void http200WithAnErrorCodeIsNotASuccess() {
        VendorReply reply = VendorReply.classify(ReceiverType.DINGTALK, 200,
                "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
        assertEquals(Outcome.FAILED, reply.outcome());
        assertEquals("310000", reply.code());
        assertEquals(Outcome.FAILED, outcome(ReceiverType.FEISHU, 200, "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}"));
        assertEquals(Outcome.FAILED, outcome(ReceiverType.FEISHU, 200, "{\"code\":19024,\"msg\":\"Key Words Not Found\"}"));
        assertEquals(Outcome.FAILED, outcome(ReceiverType.WECOM, 200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
    }

    @Test
    void eachVendorsFrequencyLimitIsRetried() {
        assertEquals(Outcome.RETRY, outcome(ReceiverType.FEISHU, 200, "{\"code\":11232,\"msg\":\"frequency limited psm\"}"));
        assertEquals(Outcome.RETRY, outcome(ReceiverType.DINGTALK, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}"));
        assertEquals(Outcome.RETRY, outcome(ReceiverType.WECOM, 200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
        // Another vendor's limit code is not this vendor's: permanent.
        assertEquals(Outcome.FAILED, outcome(ReceiverType.WECOM, 200, "{\"errcode\":130101,\"errmsg\":\"?\"}"));
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedOtherHttpErrorsAreNot() {
        assertEquals(Outcome.RETRY, outcome(ReceiverType.FEISHU, 502, "<html>bad gateway</html>"));
        assertEquals(Outcome.RETRY, outcome(ReceiverType.DINGTALK, 429, ""));
        assertEquals(Outcome.FAILED, outcome(ReceiverType.WECOM, 404, "not found"));
        assertEquals(Outcome.FAILED, outcome(ReceiverType.FEISHU, 302, ""));
    }

    @Test
    void anAnswerThatIsNotTheVendorsJsonIsAFailureNotASuccess() {
        assertEquals(Outcome.FAILED, outcome(ReceiverType.FEISHU, 200, "ok"));
        assertEquals(Outcome.FAILED, outcome(ReceiverType.DINGTALK, 200, "{}"));
    }
}
