package dev.floorwatch.metrics.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.common.tenancy.IssuedCredentials;
import dev.floorwatch.common.tenancy.TenantRegistry;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The read API contract of metrics-service (API.md "Read"), with its consumer on the real Kafka and Redis. */
@QuarkusTest
class TenantReadResourceTest {

    @Inject
    dev.floorwatch.common.messaging.FeedPublisher feed;

    @Inject
    TenantRegistry registry;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private IssuedCredentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = registry.create(TestEvents.freshTenant(), "测试", "Asia/Shanghai", null).await().indefinitely().orElseThrow();
    }

    @Test
    void newTenantsOverviewHasEveryContractFieldWithZerosAndNulls() {
        given().auth().oauth2(tenant.viewerToken()).get(path("/overview"))
                .then().statusCode(200)
                .body("tenant", equalTo(tenant.id()))
                .body("at", notNullValue())
                .body("traffic.onlineVisitors", equalTo(0))
                .body("traffic.openConversations", equalTo(0))
                .body("traffic.startedLast60m", equalTo(0))
                .body("queue.length", equalTo(0))
                .body("queue.longestWaitSeconds", equalTo(0))
                .body("queue.slaBreaches", equalTo(0))
                .body("queue.highValueWaiting", equalTo(0))
                .body("queue.abandonedLast60m", equalTo(0))
                .body("agents.online", equalTo(0))
                .body("agents.busy", equalTo(0))
                .body("agents.idle", equalTo(0))
                .body("agents.away", equalTo(0))
                .body("agents.load", equalTo(0.0f))
                .body("agents.saturated", equalTo(0))
                .body("response.firstResponseAvgSeconds", nullValue())
                .body("response.firstResponseP90Seconds", nullValue())
                .body("response.unanswered", equalTo(0))
                .body("response.silentAgents", equalTo(0))
                .body("quality.negativeRatingsLast60m", equalTo(0))
                .body("quality.riskConversations", equalTo(0))
                .body("quality.botTransfersLast60m", equalTo(0))
                .body("channels.size()", equalTo(0))
                .body("skillGroups.size()", equalTo(0))
                .body("channelGroups.group", contains("public", "private"))
                .body("channelGroups[0].initiationRate", nullValue());
    }

    @Test
    void credentialsAreCheckedExactly() {
        IssuedCredentials other = registry.create(TestEvents.freshTenant(), "other", "UTC", null).await().indefinitely().orElseThrow();
        given().get(path("/overview")).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(other.viewerToken()).get(path("/overview")).then().statusCode(403);
        given().auth().oauth2(tenant.ingestKey()).get(path("/overview")).then().statusCode(403);
        given().auth().oauth2(tenant.adminToken()).get(path("/overview")).then().statusCode(200);
        given().auth().oauth2(tenant.viewerToken()).get("/v1/tenants/no-such-tenant/overview")
                .then().statusCode(404).body("type", equalTo("urn:floorwatch:problem:not-found"));
    }

    @Test
    void badQueryParametersAre422NamingEachOne() {
        given().auth().oauth2(tenant.viewerToken()).get(path("/conversations?state=sleeping&limit=0&sort=name&risk=maybe"))
                .then().statusCode(422).body("errors.field", hasItems("state", "limit", "sort", "risk"));
        given().auth().oauth2(tenant.viewerToken()).get(path("/trends?minutes=2000"))
                .then().statusCode(422).body("errors[0].field", equalTo("minutes"));
    }

    @Test
    void eventsOnTheTopicShowInOverviewListsAndAgents() {
        Instant now = Instant.now();
        String t = tenant.id();
        FloorScript script = new FloorScript("unused");
        String minuteAgo = now.minusSeconds(90).toString();
        String justNow = now.minusSeconds(5).toString();
        script.agent(minuteAgo, "alice", "online", 2, "presales")
                .started(minuteAgo, "c1", "web", "v1", "vip")
                .queued(minuteAgo, "c1", "web", "presales")
                .started(justNow, "c2", "h5", "v2", null)
                .assigned(justNow, "c2", "h5", "alice", "presales")
                .tagged(justNow, "c2", "h5", "complaint");
        try (TestEvents topic = new TestEvents()) {
            topic.send(TestEvents.forTenant(script.events(), t));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(tenant.viewerToken())
                .get(path("/overview")).then().statusCode(200)
                .body("traffic.openConversations", equalTo(2))
                .body("queue.length", equalTo(1))
                .body("queue.slaBreaches", equalTo(1))
                .body("queue.highValueWaiting", equalTo(1))
                .body("agents.busy", equalTo(1))
                .body("quality.riskConversations", equalTo(1)));

        given().auth().oauth2(tenant.viewerToken()).get(path("/conversations"))
                .then().statusCode(200)
                .body("conversations.conversationId", contains("c1", "c2"))
                .body("conversations[0].state", equalTo("queued"))
                .body("conversations[0].valueTier", equalTo("vip"))
                .body("conversations[1].risk", equalTo(true))
                .body("conversations[1].matched", contains("complaint"));
        given().auth().oauth2(tenant.viewerToken()).get(path("/conversations?risk=true"))
                .then().statusCode(200).body("conversations.conversationId", contains("c2"));
        given().auth().oauth2(tenant.viewerToken()).get(path("/conversations?state=queued&channel=h5"))
                .then().statusCode(200).body("conversations.size()", equalTo(0));
        given().auth().oauth2(tenant.viewerToken()).get(path("/agents"))
                .then().statusCode(200)
                .body("agents[0].agentId", equalTo("alice"))
                .body("agents[0].openConversations", equalTo(1))
                .body("agents[0].maxConcurrency", equalTo(2));
        given().auth().oauth2(tenant.viewerToken()).get(path("/trends?minutes=5"))
                .then().statusCode(200).body("points.size()", equalTo(5));
    }

    @Test
    void snapshotsAreSavedByAdminsAndListedForViewers() {
        given().auth().oauth2(tenant.viewerToken()).contentType(ContentType.JSON).body("{}")
                .post(path("/snapshots")).then().statusCode(403);
        String id = given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"label\": \"周会复盘\"}")
                .post(path("/snapshots"))
                .then().statusCode(201)
                .body("label", equalTo("周会复盘"))
                .body("overview.tenant", equalTo(tenant.id()))
                .extract().path("id");

        given().auth().oauth2(tenant.viewerToken()).get(path("/snapshots"))
                .then().statusCode(200).body("snapshots.id", contains(id)).body("snapshots[0].overview", nullValue());
        given().auth().oauth2(tenant.viewerToken()).get(path("/snapshots/" + id))
                .then().statusCode(200).body("overview.queue.length", equalTo(0));
        given().auth().oauth2(tenant.viewerToken()).get(path("/snapshots/nope")).then().statusCode(404);
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"labels\": 1}")
                .post(path("/snapshots")).then().statusCode(422).body("errors[0].field", equalTo("labels"));
    }

    @Test
    void streamRefusesBadCredentialsWithAProblemAndOtherwiseStartsWithTheOverview() throws Exception {
        given().get(path("/stream?access_token=fwv_wrong")).then().statusCode(401).contentType("application/problem+json");

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path("/stream?access_token="
                + tenant.viewerToken()))).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    boolean named = false;
                    while ((line = lines.readLine()) != null) {
                        named |= line.equals("event:overview") || line.equals("event: overview");
                        if (named && line.startsWith("data:")) {
                            return line.substring(5).trim();
                        }
                    }
                    return null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String data = firstData.get(5, TimeUnit.SECONDS);
            assertTrue(data.contains("\"tenant\":\"" + tenant.id() + "\""), data);
        }
    }

    @Test
    void theStreamCarriesTheTenantsNotificationsAndAlertsAndNoOneElses() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path("/stream?access_token="
                + tenant.viewerToken()))).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture.runAsync(() -> {
                try {
                    String line;
                    String name = null;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:") && !"overview".equals(name)) {
                            events.add(name + " " + line.substring(5).trim());
                        }
                    }
                } catch (Exception e) {
                    // the stream closes with the test
                }
            });
            // Given the stream is open (its first overview arrives), when a neighbour's and then our own items are published
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(tenant.viewerToken())
                    .get(path("/overview")).then().statusCode(200));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                feed.publish("someone-else", "notification", java.util.Map.of("title", "不是你的"));
                feed.publish(tenant.id(), "notification", java.util.Map.of("title", "【严重】最长排队时长过长"));
                feed.publish(tenant.id(), "alert", java.util.Map.of("key", "queue-wait-critical", "state", "firing"));
                return events.stream().anyMatch(e -> e.startsWith("alert "));
            });
            // Then only ours arrive, each named by its kind
            assertTrue(events.stream().anyMatch(e -> e.startsWith("notification ") && e.contains("最长排队时长过长")), events.toString());
            assertTrue(events.stream().noneMatch(e -> e.contains("不是你的")), events.toString());
        }
    }

    private String path(String suffix) {
        return "/v1/tenants/" + tenant.id() + suffix;
    }
}
