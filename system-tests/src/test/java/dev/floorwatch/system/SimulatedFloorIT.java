package dev.floorwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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

/**
 * A short simulated scenario end to end: the simulator posts ten simulated minutes (at 30×) through
 * ingest; the four services turn them into alerts; the alerts arrive at a local Feishu-like robot
 * stand-in — first the complaint risk, then the queue.
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

    private static int firstIndexOf(String text) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
