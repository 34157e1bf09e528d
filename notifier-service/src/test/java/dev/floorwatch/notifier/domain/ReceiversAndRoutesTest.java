package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.http.FieldError;

class ReceiversAndRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookPolicy PRODUCTION = new WebhookPolicy(WebhookPolicy.VENDOR_HOSTS, false);
    private static final WebhookPolicy LOCAL = new WebhookPolicy(WebhookPolicy.VENDOR_HOSTS, true);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void aFeishuReceiverWithAVendorUrlAndSecretIsValidAndReadsMasked() throws Exception {
        var outcome = ReceiverParser.parse(json("""
                {"id": "oncall-feishu", "type": "feishu", "webhookUrl": "https://open.feishu.cn/open-apis/bot/v2/hook/t0ken",
                 "secret": "s3cret", "language": "en"}"""), null, PRODUCTION, Optional.empty());
        assertTrue(outcome.valid(), outcome.errors().toString());
        Receiver masked = outcome.receiver().masked();
        assertEquals("https://open.feishu.cn/****", masked.webhookUrl());
        assertEquals("****", masked.secret());
        assertEquals(Receiver.Language.EN, masked.language());
    }

    @Test
    void internalAddressesPlainHttpAndOtherHostsAreRefusedInProduction() throws Exception {
        for (String url : List.of("http://open.feishu.cn/open-apis/bot/v2/hook/x", "https://169.254.169.254/latest",
                "https://evil.example/hook", "http://127.0.0.1:8080/hook", "https://user:pw@open.feishu.cn/hook")) {
            var outcome = ReceiverParser.parse(json("{\"id\": \"f\", \"type\": \"feishu\", \"webhookUrl\": \"" + url + "\"}"),
                    0, PRODUCTION, Optional.empty());
            assertEquals(List.of("webhookUrl"), fields(outcome.errors()), url);
            assertEquals(0, outcome.errors().get(0).index());
        }
        assertTrue(ReceiverParser.parse(json("{\"id\": \"f\", \"type\": \"feishu\", \"webhookUrl\": \"http://127.0.0.1:8080/hook\"}"),
                null, LOCAL, Optional.empty()).valid(), "the local profile allows loopback stand-ins");
    }

    @Test
    void everyWrongFieldIsNamed() throws Exception {
        var outcome = ReceiverParser.parse(json("""
                {"id": "Bad Id", "type": "dingtalk", "webhookUrl": "https://oapi.dingtalk.com/robot/send",
                 "atMobiles": ["138001380000", "x"], "atAll": "yes", "to": ["a@b.c"]}"""), 2, PRODUCTION, Optional.empty());
        assertEquals(Set.of("id", "webhookUrl", "atMobiles[1]", "atAll", "to"), Set.copyOf(fields(outcome.errors())));
    }

    @Test
    void aMaskedSecretSentBackKeepsTheStoredOne() throws Exception {
        Receiver stored = ReceiverParser.parse(json("""
                {"id": "d", "type": "dingtalk", "webhookUrl": "https://oapi.dingtalk.com/robot/send?access_token=tok",
                 "secret": "SECabc"}"""), null, PRODUCTION, Optional.empty()).receiver();
        var edited = ReceiverParser.parse(JSON.valueToTree(stored.masked()), null, PRODUCTION, Optional.of(stored));
        assertTrue(edited.valid(), edited.errors().toString());
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=tok", edited.receiver().webhookUrl());
        assertEquals("SECabc", edited.receiver().secret());
        var fresh = ReceiverParser.parse(JSON.valueToTree(stored.masked()), null, PRODUCTION, Optional.empty());
        assertTrue(fields(fresh.errors()).contains("secret"), "nothing stored to keep");
    }

    @Test
    void anEmailReceiverNeedsAddresses() throws Exception {
        var outcome = ReceiverParser.parse(json("{\"id\": \"m\", \"type\": \"email\", \"to\": []}"), null, PRODUCTION, Optional.empty());
        assertEquals(List.of("to"), fields(outcome.errors()));
    }

    private static AlertEvent alert(String severity, Map<String, String> labels) {
        return new AlertEvent(1, "acme", "k", "queue-wait-critical", "n", severity, "firing", "queue.longestWaitSeconds",
                200.0, 180.0, labels, null, List.of(), Instant.EPOCH, null, Instant.EPOCH, null, null, null, null);
    }

    @Test
    void routesAreTriedInOrderAndTheFirstMatchWinsUnlessItContinues() throws Exception {
        var parsed = RouteParser.parse(json("""
                [{"match": {"severity": "critical", "channel": "web"}, "receivers": ["oncall"], "continue": true},
                 {"match": {"severity": "critical"}, "receivers": ["leads"], "groupWait": "5s"},
                 {"receivers": ["all"], "sendResolved": false}]"""), Set.of("oncall", "leads", "all"));
        assertTrue(parsed.valid(), parsed.errors().toString());
        List<Route> routes = parsed.routes();
        assertEquals(List.of("oncall", "leads"), Route.select(routes, alert("critical", Map.of("channel", "web"))).stream()
                .flatMap(r -> r.receivers().stream()).toList());
        assertEquals(List.of("leads"), Route.select(routes, alert("critical", Map.of("channel", "app"))).stream()
                .flatMap(r -> r.receivers().stream()).toList());
        Route fallback = Route.select(routes, alert("warning", Map.of())).get(0);
        assertEquals(List.of("all"), fallback.receivers());
        assertFalse(fallback.sendResolved());
        assertEquals(Duration.ofSeconds(1), fallback.groupWait());
        assertEquals(Duration.ofSeconds(5), routes.get(1).groupWait());
    }

    @Test
    void routeErrorsNameTheRouteAndField() throws Exception {
        var parsed = RouteParser.parse(json("""
                [{"match": {"severity": "fatal", "queue": "x"}, "receivers": ["nobody"], "groupWait": "soon", "contine": true}]"""),
                Set.of("oncall"));
        assertEquals(Set.of("match.severity", "match.queue", "receivers[0]", "groupWait", "contine"),
                Set.copyOf(fields(parsed.errors())));
        assertTrue(parsed.errors().stream().allMatch(e -> e.index() == 0));
    }
}
