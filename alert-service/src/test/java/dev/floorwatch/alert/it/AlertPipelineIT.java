package dev.floorwatch.alert.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.testing.ConsumerGroups;
import dev.floorwatch.testing.ServiceProcess;
import dev.floorwatch.testing.TopicTail;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * ingest-service, metrics-service and alert-service as real processes: a queue building up on the
 * floor makes the default threshold rules fire on {@code floorwatch.alerts}, and they resolve
 * after {@code keepFiringFor} once the queue is served.
 */
class AlertPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceProcess ingest;
    private static ServiceProcess metrics;
    private static ServiceProcess alerts;

    @BeforeAll
    static void startServices() throws Exception {
        ingest = ServiceProcess.start("ingest-service", Map.of());
        metrics = ServiceProcess.start("metrics-service", Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-alerts-it"));
        alerts = ServiceProcess.start("alert-service", Map.of("FLOORWATCH_ALERTS_CONSUMER_GROUP", "alert-service-it"));
        awaitConsumers();
    }

    @AfterAll
    static void stopServices() {
        alerts.close();
        metrics.close();
        ingest.close();
    }

    @Test
    void aQueueBuildingUpFiresTheDefaultRulesAndServingItResolvesThem() throws Exception {
        JsonPath creds = newTenant("告警测试");
        String tenant = creds.getString("id");
        String ingestKey = creds.getString("ingestKey");

        try (KafkaConsumer<String, String> topic = alertsTopic()) {
            queueTenWaitingSince70s(tenant, ingestKey, "c");

            List<JsonNode> seen = awaitBothWarnings(topic, tenant);
            JsonNode lengthAlert = seen.stream().filter(a -> a.get("key").asText().equals("queue-length-warning")).findFirst().orElseThrow();
            assertEquals("warning", lengthAlert.get("severity").asText());
            assertEquals(10.0, lengthAlert.get("value").asDouble());
            assertEquals(10.0, lengthAlert.get("threshold").asDouble());
            assertTrue(lengthAlert.get("runbook").asText().contains("临时加人"));

            // A shift lead acknowledges: the acknowledgement is published (and stops reminders).
            String admin = creds.getString("adminToken");
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"by\": \"王班长\", \"note\": \"已加人\"}")
                    .post(alerts.url("/v1/tenants/" + tenant + "/alerts/queue-length-warning/ack"))
                    .then().statusCode(200).body("state", equalTo("acknowledged"));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"note\": \"?\"}")
                    .post(alerts.url("/v1/tenants/" + tenant + "/alerts/queue-length-warning/ack"))
                    .then().statusCode(422).body("errors[0].field", equalTo("by"));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"by\": \"x\"}")
                    .post(alerts.url("/v1/tenants/" + tenant + "/alerts/no-such-alert/ack")).then().statusCode(404);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                read(topic, tenant, seen);
                return seen.stream().anyMatch(a -> a.get("state").asText().equals("acknowledged"));
            });

            // The lead silences the critical wait alert for an hour; one more visitor waiting 200 s makes it fire,
            // tracked but marked silenced.
            String silence = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(("{\"matchers\": {\"ruleId\": \"queue-wait-critical\"}, \"endsAt\": \"%s\","
                            + " \"createdBy\": \"王班长\"}").formatted(Instant.now().plusSeconds(3600)))
                    .post(alerts.url("/v1/tenants/" + tenant + "/silences")).then().statusCode(201).extract().path("id");
            post(tenant, ingestKey, List.of(queued("c-old", Instant.now().minusSeconds(200))));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read(topic, tenant, seen);
                return keys(seen, "firing").contains("queue-wait-critical");
            });
            JsonNode critical = seen.stream().filter(a -> a.get("key").asText().equals("queue-wait-critical")).findFirst().orElseThrow();
            assertEquals(silence, critical.get("silencedBy").asText());
            given().auth().oauth2(creds.getString("viewerToken")).get(alerts.url("/v1/tenants/" + tenant + "/alerts?state=firing"))
                    .then().statusCode(200);

            // Everybody is served: after keepFiringFor (30 s by default) all three resolve, once each.
            List<String> served = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                served.add(assigned("c" + i));
            }
            served.add(assigned("c-old"));
            post(tenant, ingestKey, served);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                read(topic, tenant, seen);
                return keys(seen, "resolved").size() >= 3;
            });
            assertEquals(List.of("queue-length-warning", "queue-wait-critical", "queue-wait-warning"),
                    keys(seen, "resolved").stream().sorted().toList());
            assertEquals(3, keys(seen, "firing").size(), "each alert fired exactly once: " + seen);
        }
    }

    @Test
    void aComplaintFlagsTheConversationRaisesARiskAlertAndThreeMakeABurst() throws Exception {
        JsonPath creds = newTenant("风险测试");
        String tenant = creds.getString("id");
        String ingestKey = creds.getString("ingestKey");
        String viewer = creds.getString("viewerToken");

        try (KafkaConsumer<String, String> topic = alertsTopic()) {
            post(tenant, ingestKey, List.of(started("r1"), message("r1", "m1", "visitor", "再不处理我就要投诉了！")));

            List<JsonNode> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read(topic, tenant, seen);
                return seen.stream().anyMatch(a -> a.get("key").asText().equals("complaint-words|conversation=r1"));
            });
            JsonNode risk = seen.stream().filter(a -> a.get("key").asText().equals("complaint-words|conversation=r1"))
                    .findFirst().orElseThrow();
            assertEquals("firing", risk.get("state").asText());
            assertEquals("r1", risk.get("conversationId").asText());
            assertEquals("投诉", risk.get("matched").get(0).asText());

            // The flag reaches metrics-service: counted and highlighted with the matched words.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(viewer)
                    .get(metrics.url("/v1/tenants/" + tenant + "/conversations?risk=true")).then().statusCode(200)
                    .body("conversations.conversationId", contains("r1"))
                    .body("conversations[0].matched", contains("投诉")));
            given().auth().oauth2(viewer).get(metrics.url("/v1/tenants/" + tenant + "/overview"))
                    .then().body("quality.riskConversations", equalTo(1));

            // An agent saying 投诉 is not a risk; two more visitors complaining make three hits in 10 minutes.
            post(tenant, ingestKey, List.of(message("r1", "m2", "agent", "抱歉给您带来不便，投诉已记录")));
            post(tenant, ingestKey, List.of(started("r2"), message("r2", "m3", "visitor", "骗子！"),
                    started("r3"), message("r3", "m4", "visitor", "我要去12315举报")));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read(topic, tenant, seen);
                return seen.stream().anyMatch(a -> a.get("key").asText().equals("complaint-burst")
                        && a.get("state").asText().equals("firing"));
            });
            assertEquals(3, seen.stream().filter(a -> a.get("ruleId").asText().equals("complaint-words")
                    && a.get("state").asText().equals("firing")).count(), "one risk alert per conversation: " + seen);

            // Closing the conversation resolves its risk alert.
            post(tenant, ingestKey, List.of(("{\"id\": \"close-r1\", \"type\": \"conversation.closed\", \"occurredAt\": \"%s\","
                    + " \"channel\": \"web\", \"conversationId\": \"r1\", \"data\": {\"resolved\": true}}").formatted(Instant.now())));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                read(topic, tenant, seen);
                return seen.stream().anyMatch(a -> a.get("key").asText().equals("complaint-words|conversation=r1")
                        && a.get("state").asText().equals("resolved"));
            });
        }
    }

    @Test
    void conversationSignalsFireWithoutWaitingForAnEventAndEachFiringSavesAnOverviewSnapshot() throws Exception {
        JsonPath creds = newTenant("会话信号");
        String tenant = creds.getString("id");
        String ingestKey = creds.getString("ingestKey");
        String admin = creds.getString("adminToken");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"id": "silent-agent", "kind": "conversation", "name": "坐席未回复", "signal": "silentAgent",
                 "threshold": 3, "severity": "warning", "runbook": "提醒坐席回复"}""")
                .post(alerts.url("/v1/tenants/" + tenant + "/rules")).then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"id": "repeated-question", "kind": "conversation", "name": "访客重复提问", "signal": "repeatedQuestion",
                 "severity": "warning"}""")
                .post(alerts.url("/v1/tenants/" + tenant + "/rules")).then().statusCode(201);

        try (KafkaConsumer<String, String> topic = alertsTopic()) {
            // Given an assigned conversation whose visitor asked and got no answer
            post(tenant, ingestKey, List.of(started("s1"), assigned("s1"), message("s1", "s1-m1", "visitor", "请问发货了吗")));

            // Then 3 s later the silent-agent alert fires — no further event needed
            List<JsonNode> seen = new ArrayList<>();
            String silentKey = "silent-agent|conversation=s1";
            // Generous: after the crash test the relaunched consumers may still wait for a rebalance.
            await().atMost(Duration.ofSeconds(45)).until(() -> {
                read(topic, tenant, seen);
                return state(seen, silentKey, "firing").isPresent();
            });
            JsonNode silent = state(seen, silentKey, "firing").orElseThrow();
            assertEquals("conversation.silentAgent", silent.get("metric").asText());
            assertTrue(silent.get("value").asDouble() >= 3, "waited at least the threshold: " + silent);
            assertEquals("silentAgent", silent.get("labels").get("signal").asText());
            assertEquals("presales", silent.get("labels").get("skillGroup").asText());
            String snapshotId = silent.get("snapshotId").asText();

            // And the overview at that moment is saved under the alert's snapshot id
            String viewer = creds.getString("viewerToken");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                    .get(metrics.url("/v1/tenants/" + tenant + "/snapshots/" + snapshotId)).then().statusCode(200)
                    .body("savedBy", equalTo("alert")).body("overview.traffic.openConversations", equalTo(1)));

            // When the agent answers, the alert resolves
            post(tenant, ingestKey, List.of(message("s1", "s1-m2", "agent", "您好，已发货")));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                read(topic, tenant, seen);
                return state(seen, silentKey, "resolved").isPresent();
            });

            // When the visitor asks the same thing three times, punctuation aside
            post(tenant, ingestKey, List.of(message("s1", "s1-m3", "visitor", "怎么退货？"),
                    message("s1", "s1-m4", "visitor", "怎么 退货??"), message("s1", "s1-m5", "visitor", "怎么退货")));
            String repeatedKey = "repeated-question|conversation=s1";
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                read(topic, tenant, seen);
                return state(seen, repeatedKey, "firing").isPresent();
            });
            assertEquals("怎么退货", state(seen, repeatedKey, "firing").orElseThrow().get("matched").get(0).asText());
            // Then the conversation is flagged in the live list with the question
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                    .get(metrics.url("/v1/tenants/" + tenant + "/conversations?risk=true")).then().statusCode(200)
                    .body("conversations.conversationId", contains("s1"))
                    .body("conversations[0].matched", org.hamcrest.Matchers.hasItem("怎么退货")));
            assertEquals(1, seen.stream().filter(a -> a.get("key").asText().equals(silentKey)
                    && a.get("state").asText().equals("firing")).count(), "fired once: " + seen);
        }
    }

    @Test
    void anAlertServiceCrashWhileAlertsFireNeitherRepeatsNorLosesATransition() throws Exception {
        JsonPath creds = newTenant("重启测试");
        String tenant = creds.getString("id");
        String ingestKey = creds.getString("ingestKey");
        try (KafkaConsumer<String, String> topic = alertsTopic()) {
            // Given two warnings firing
            queueTenWaitingSince70s(tenant, ingestKey, "k");
            List<JsonNode> seen = awaitBothWarnings(topic, tenant);

            // When alert-service is killed (SIGKILL) and, while it is down, a visitor has waited 200 s
            alerts.crash();
            post(tenant, ingestKey, List.of(queued("k-old", Instant.now().minusSeconds(200))));
            alerts.launch();
            awaitConsumers();

            // Then the critical fires once after the restart, and the warnings are not fired again
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                read(topic, tenant, seen);
                return keys(seen, "firing").contains("queue-wait-critical");
            });
            // A little longer, to see that nothing is repeated after the critical
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                read(topic, tenant, seen);
                return System.nanoTime() > until;
            });
            assertEquals(List.of("queue-length-warning", "queue-wait-critical", "queue-wait-warning"),
                    keys(seen, "firing").stream().sorted().toList(), "each fired exactly once: " + seen);
            JsonNode critical = state(seen, "queue-wait-critical", "firing").orElseThrow();
            JsonNode warning = state(seen, "queue-wait-warning", "firing").orElseThrow();
            // The wait is taken at the snapshot's time, which may begin a moment before the event is applied.
            assertTrue(critical.get("value").asDouble() >= 195, "the critical sees the 200 s wait: " + critical);
            assertEquals("warning", warning.get("severity").asText());
        }
    }

    private static java.util.Optional<JsonNode> state(List<JsonNode> alerts, String key, String state) {
        return alerts.stream().filter(a -> a.get("key").asText().equals(key) && a.get("state").asText().equals(state))
                .findFirst();
    }

    /** Ten visitors queued 70 s ago: queue.length >= 10 and longest wait >= 60 s. */
    private static void queueTenWaitingSince70s(String tenant, String ingestKey, String prefix) {
        List<String> events = new ArrayList<>();
        Instant queuedAt = Instant.now().minusSeconds(70);
        for (int i = 0; i < 10; i++) {
            events.add(queued(prefix + i, queuedAt));
        }
        post(tenant, ingestKey, events);
    }

    /** The alerts read until both queue warnings fired. */
    private static List<JsonNode> awaitBothWarnings(KafkaConsumer<String, String> topic, String tenant) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read(topic, tenant, seen);
            return keys(seen, "firing").containsAll(List.of("queue-length-warning", "queue-wait-warning"));
        });
        return seen;
    }

    /** The services consume (groups joined, partitions assigned) before a test produces anything. */
    private static void awaitConsumers() {
        for (String group : List.of("metrics-alerts-it", "alert-service-it", "alert-service-it-events")) {
            ConsumerGroups.awaitAssigned(group, Duration.ofSeconds(60));
        }
    }

    /** A new tenant through ingest-service's tenant API: its id and credentials. */
    private static JsonPath newTenant(String name) {
        return given().auth().oauth2(ServiceProcess.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"t-" + UUID.randomUUID().toString().substring(0, 12) + "\", \"name\": \"" + name + "\"}")
                .post(ingest.url("/v1/tenants")).then().statusCode(201).extract().jsonPath();
    }

    private static String started(String conversation) {
        return ("{\"id\": \"s-%1$s\", \"type\": \"conversation.started\", \"occurredAt\": \"%2$s\", \"channel\": \"web\","
                + " \"conversationId\": \"%1$s\", \"data\": {\"initiator\": \"visitor\"}}").formatted(conversation, Instant.now());
    }

    private static String message(String conversation, String id, String sender, String text) {
        String agent = sender.equals("agent") ? "\"agentId\": \"alice\", " : "";
        return ("{\"id\": \"%2$s\", \"type\": \"message.created\", \"occurredAt\": \"%3$s\", \"conversationId\": \"%1$s\", "
                + "%4$s\"data\": {\"sender\": \"%5$s\", \"text\": \"%6$s\"}}").formatted(conversation, id, Instant.now(), agent, sender, text);
    }

    private static String queued(String conversation, Instant at) {
        return """
                {"id": "q-%1$s", "type": "conversation.queued", "occurredAt": "%2$s", "channel": "web",
                 "conversationId": "%1$s", "skillGroup": "presales"}""".formatted(conversation, at);
    }

    private static String assigned(String conversation) {
        return """
                {"id": "a-%1$s", "type": "conversation.assigned", "occurredAt": "%2$s", "channel": "web",
                 "conversationId": "%1$s", "agentId": "alice", "skillGroup": "presales"}""".formatted(conversation, Instant.now());
    }

    private static void post(String tenant, String key, List<String> events) {
        given().auth().oauth2(key).contentType(ContentType.JSON).body("{\"events\": [" + String.join(",", events) + "]}")
                .post(ingest.url("/v1/tenants/" + tenant + "/events")).then().statusCode(202);
    }

    private static KafkaConsumer<String, String> alertsTopic() {
        return TopicTail.atEnd("floorwatch-test.alerts");
    }

    private static void read(KafkaConsumer<String, String> topic, String tenant, List<JsonNode> into) throws Exception {
        for (var record : topic.poll(Duration.ofMillis(200))) {
            if (record.key().startsWith(tenant + ":")) {
                into.add(JSON.readTree(record.value()));
            }
        }
    }

    /** Keys of the queue rules in that state (the staffing rule also fires by day, whatever the queue). */
    private static List<String> keys(List<JsonNode> alerts, String state) {
        return alerts.stream().filter(a -> a.get("state").asText().equals(state)).map(a -> a.get("key").asText())
                .filter(key -> key.startsWith("queue-")).toList();
    }
}
