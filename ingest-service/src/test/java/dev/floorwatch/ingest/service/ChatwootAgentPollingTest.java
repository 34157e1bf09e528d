package dev.floorwatch.ingest.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.floorwatch.ingest.support.EventsTopicReader;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Chatwoot agent presence by polling a local stand-in of its agents API (which checks the
 * {@code api_access_token} header as Chatwoot does), with real Redis and Kafka; poll interval 1 s
 * in the test profile.
 */
@QuarkusTest
class ChatwootAgentPollingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "chatwoot-admin-token-123";

    private HttpServer chatwoot;
    private final AtomicReference<String> agents = new AtomicReference<>();
    private final AtomicReference<String> acceptedToken = new AtomicReference<>(TOKEN);
    private final AtomicInteger calls = new AtomicInteger();
    private TestTenants.Credentials tenant;

    @BeforeEach
    void start() throws IOException {
        chatwoot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chatwoot.createContext("/api/v1/accounts/7/agents", exchange -> {
            calls.incrementAndGet();
            boolean authorized = acceptedToken.get().equals(exchange.getRequestHeaders().getFirst("api_access_token"));
            byte[] body = (authorized ? agents.get() : "{\"error\":\"You need to sign in or sign up before continuing.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        chatwoot.start();
        tenant = TestTenants.create();
    }

    @AfterEach
    void stop() {
        // Stop polling this tenant before its stand-in goes away.
        given().auth().oauth2(tenant.adminToken()).delete("/v1/tenants/" + tenant.id() + "/sources/chatwoot");
        chatwoot.stop(0);
    }

    @Test
    void presenceChangesBecomeAgentStatusEventsAndAFailingTokenIsReportedOnce() {
        agents.set(agentList("online", "offline"));
        try (EventsTopicReader events = new EventsTopicReader()) {
            given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                    .body("{\"accountId\": 7, \"apiBaseUrl\": \"http://127.0.0.1:" + chatwoot.getAddress().getPort()
                            + "/\", \"apiAccessToken\": \"" + TOKEN + "\"}")
                    .put("/v1/tenants/" + tenant.id() + "/sources/chatwoot").then().statusCode(200)
                    .body("agentPolling", equalTo(true)).body("apiAccessTokenSet", equalTo(true))
                    .body(not(containsString(TOKEN)));

            // Per agent, in order (one agent's events share a partition; two agents' need not).
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses(events).equals(
                    Map.of("11", List.of("online"), "12", List.of("offline"))));
            // Nothing changes: no new events however often it polls.
            int before = calls.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= before + 2);
            assertEquals(Map.of("11", List.of("online"), "12", List.of("offline")), statuses(events));

            agents.set(agentList("busy", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses(events).equals(
                    Map.of("11", List.of("online", "busy"), "12", List.of("offline"))));
            agents.set("[]");
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses(events).equals(
                    Map.of("11", List.of("online", "busy", "offline"), "12", List.of("offline"))));
        }

        acceptedToken.set("rotated-in-chatwoot");
        int before = calls.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= before + 3);
        given().auth().oauth2(tenant.adminToken()).get("/v1/tenants/" + tenant.id() + "/sources/rejects").then().statusCode(200)
                .body("rejects.findAll { it.event == 'agents_poll' }.size()", equalTo(1))
                .body("rejects[0].reason", containsString("HTTP 401"));
    }

    @Test
    void onlyAllowedHostsCanBePolled() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"accountId\": 7, \"apiBaseUrl\": \"https://10.0.0.5\", \"apiAccessToken\": \"x\"}")
                .put("/v1/tenants/" + tenant.id() + "/sources/chatwoot").then().statusCode(422)
                .body("errors.field", hasItem("apiBaseUrl")).body("errors[0].message", containsString("not allowed"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"accountId\": 7, \"apiBaseUrl\": \"https://app.chatwoot.com\"}")
                .put("/v1/tenants/" + tenant.id() + "/sources/chatwoot").then().statusCode(422)
                .body("errors[0].message", containsString("both"));
    }

    /** Agent id → the statuses published for it, in order. */
    private Map<String, List<String>> statuses(EventsTopicReader events) {
        return events.recordsOf(tenant.id()).stream().map(ConsumerRecord::value).map(ChatwootAgentPollingTest::read)
                .filter(e -> e.path("type").asText().equals("agent.status"))
                .collect(Collectors.groupingBy(e -> e.path("agentId").asText(), TreeMap::new,
                        Collectors.mapping(e -> e.at("/data/status").asText(), Collectors.toList())));
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chatwoot's agents index ({@code api/v1/accounts/agents/index.json.jbuilder}) with agents 11 and, unless null, 12. */
    private static String agentList(String first, String second) {
        String one = "{\"account_id\": 7, \"availability_status\": \"" + first + "\", \"confirmed\": true, "
                + "\"email\": \"wangfang@example.cn\", \"id\": 11, \"name\": \"王芳\", \"role\": \"agent\", \"thumbnail\": \"\"}";
        String two = second == null ? "" : ", {\"account_id\": 7, \"availability_status\": \"" + second + "\", "
                + "\"confirmed\": true, \"email\": \"lilei@example.cn\", \"id\": 12, \"name\": \"李雷\", \"role\": \"administrator\", \"thumbnail\": \"\"}";
        return "[" + one + two + "]";
    }
}
