package dev.floorwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.floorwatch.simulator.domain.Scenario;
import dev.floorwatch.simulator.domain.Traffic;
import dev.floorwatch.simulator.service.Runner;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Short simulated scenarios end to end: the simulator posts ten simulated minutes (at 30×) through
 * ingest; the four services turn them into alerts; the alerts arrive at a local Feishu-like robot
 * stand-in — first the complaint risk, then the queue. And a floor whose web chat runs on Chatwoot:
 * its conversations arrive as signed Chatwoot webhooks and are counted as the simulator made them.
 */
class SimulatedFloorIT {

    private static FourServices services;
    private static HttpServer robot;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        robot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        robot.createContext("/open-apis/bot/v2/hook/smoke", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"code\":0,\"msg\":\"success\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        robot.start();
        services = FourServices.start("sim");
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        if (robot != null) {
            robot.stop(0);
        }
    }

    @Test
    void tenSimulatedMinutesRaiseTheComplaintThenTheQueueAlertAtTheRobot() throws Exception {
        Floor floor = Floor.newTenant(services.ingest(), "模拟场景");
        given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON)
                .body("[{\"id\": \"robot\", \"type\": \"feishu\", \"webhookUrl\": \"http://127.0.0.1:" + robot.getAddress().getPort()
                        + "/open-apis/bot/v2/hook/smoke\"}]")
                .put(services.notifier().url("/v1/tenants/" + floor.tenant + "/receivers")).then().statusCode(200);
        Scenario smoke;
        try (InputStream in = SimulatedFloorIT.class.getResourceAsStream("/scenarios/smoke.yaml")) {
            smoke = Scenario.read(in);
        }
        List<Traffic.SimEvent> day = Traffic.generate(smoke);
        List<Traffic.SimEvent> tenMinutes = day.stream().filter(e -> e.atMillis() < 10 * 60_000).toList();
        long posted = new Runner(services.ingest().url(""), floor.tenant, floor.ingestKey, 30).run(tenMinutes);
        assertTrue(posted > 300, "the scenario is busy: " + posted);

        await().atMost(Duration.ofSeconds(30)).until(() -> firstIndexOf("投诉风险会话") >= 0 && firstIndexOf("排队人数过多") >= 0);
        assertTrue(firstIndexOf("投诉风险会话") <= firstIndexOf("排队人数过多"),
                "the first complaint comes before the queue grows: " + received);
    }

    @Test
    void tenSimulatedMinutesWithWebChatOnChatwootCountEveryConversation() throws Exception {
        Floor floor = Floor.newTenant(services.ingest(), "Chatwoot 模拟");
        String secret = "whsec-sim-" + floor.tenant;
        given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON)
                .body("{\"accountId\": 7, \"webhookSecret\": \"" + secret + "\"}")
                .put(services.ingest().url("/v1/tenants/" + floor.tenant + "/sources/chatwoot")).then().statusCode(200);
        // A bot answers first and hands half over (Chatwoot's pending → open); some visitors give up, some rate.
        Scenario webChat;
        try (InputStream in = SimulatedFloorIT.class.getResourceAsStream("/scenarios/web-chat.yaml")) {
            webChat = Scenario.read(in);
        }
        List<Traffic.SimEvent> tenMinutes = Traffic.generate(webChat).stream().filter(e -> e.atMillis() < 10 * 60_000).toList();
        long started = count(tenMinutes, "conversation.started", null);
        long startedOnWeb = count(tenMinutes, "conversation.started", "web");
        long handedOff = tenMinutes.stream().filter(e -> e.envelope().path("type").asText().equals("conversation.transferred")
                && e.envelope().path("data").path("from").asText().equals("bot")).count();
        long abandoned = count(tenMinutes, "conversation.abandoned", null);
        assertTrue(startedOnWeb >= 20 && handedOff >= 5, "web conversations and hand-offs to count: " + startedOnWeb + ", " + handedOff);

        new Runner(services.ingest().url(""), floor.tenant, floor.ingestKey, 30).viaChatwoot("7", secret).run(tenMinutes);

        // Every conversation counted once, the web ones made from Chatwoot's payloads, and hand-offs derived from its statuses.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath overview = given().auth().oauth2(floor.viewerToken)
                    .get(services.metrics().url("/v1/tenants/" + floor.tenant + "/overview")).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(started, overview.getLong("traffic.startedLast60m"));
            assertEquals(startedOnWeb, overview.getLong("channels.find { it.channel == 'web' }.startedLast60m"));
            assertEquals(handedOff, overview.getLong("quality.botTransfersLast60m"));
            assertEquals(abandoned, overview.getLong("queue.abandonedLast60m"));
        });
        given().auth().oauth2(floor.adminToken).get(services.ingest().url("/v1/tenants/" + floor.tenant + "/sources/rejects"))
                .then().statusCode(200).body("rejects", hasSize(0));
    }

    private static long count(List<Traffic.SimEvent> events, String type, String channel) {
        return events.stream().filter(e -> e.envelope().path("type").asText().equals(type)
                && (channel == null || channel.equals(e.envelope().path("channel").asText()))).count();
    }

    private static int firstIndexOf(String text) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
