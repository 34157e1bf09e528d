package dev.floorwatch.ingest.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.ingest.support.EventsTopicReader;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What a 202 promises, checked on the real broker: the records are there, keyed and shaped per EVENTS.md. */
@QuarkusTest
class EventPublishingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private EventsTopicReader topic;
    private TestTenants.Credentials tenant;

    @BeforeEach
    void open() {
        topic = new EventsTopicReader();
        tenant = TestTenants.create();
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void acceptedEventsAreOnTheTopicWithTheirKeyAndEnvelope() throws Exception {
        String occurred = "2026-11-26T10:15:30Z";
        String batch = """
                {"events": [
                  {"id": "p1", "type": "conversation.started", "occurredAt": "%1$s", "channel": "wechat_oa",
                   "conversationId": "c-1", "visitorId": "v-1", "data": {"initiator": "visitor", "valueTier": "vip"}},
                  {"id": "p2", "type": "message.created", "occurredAt": "%1$s", "conversationId": "c-1",
                   "data": {"sender": "visitor", "text": "我要投诉"}},
                  {"id": "p3", "type": "agent.status", "occurredAt": "%1$s", "agentId": "a-7",
                   "data": {"status": "online", "maxConcurrency": 4, "skillGroups": ["presales"]}},
                  {"id": "p4", "type": "visitor.online", "occurredAt": "%1$s", "channel": "h5", "visitorId": "v-2"}
                ]}""".formatted(occurred);
        Instant before = Instant.now();

        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(batch)
                .post("/v1/tenants/" + tenant.id() + "/events")
                .then().statusCode(202).body("accepted", equalTo(4));

        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(10))
                .until(() -> topic.recordsOf(tenant.id()), found -> found.size() == 4);
        assertEquals(List.of(tenant.id() + ":c-1", tenant.id() + ":c-1", tenant.id() + ":a-7", tenant.id() + ":v-2"),
                records.stream().sorted((a, b) -> id(a).compareTo(id(b))).map(ConsumerRecord::key).toList());

        JsonNode started = records.stream().filter(r -> id(r).equals("p1")).map(EventPublishingIT::value).findFirst().orElseThrow();
        assertEquals(1, started.get("schema").asInt());
        assertEquals(tenant.id(), started.get("tenant").asText());
        assertEquals("conversation.started", started.get("type").asText());
        assertEquals(Instant.parse(occurred), Instant.parse(started.get("occurredAt").asText()));
        Instant receivedAt = Instant.parse(started.get("receivedAt").asText());
        assertTrue(!receivedAt.isBefore(before.minusSeconds(1)) && !receivedAt.isAfter(Instant.now()), "receivedAt is ingest's clock");
        assertEquals("wechat_oa", started.get("channel").asText());
        assertEquals("vip", started.get("data").get("valueTier").asText());
        JsonNode message = records.stream().filter(r -> id(r).equals("p2")).map(EventPublishingIT::value).findFirst().orElseThrow();
        assertEquals("我要投诉", message.get("data").get("text").asText());
    }

    @Test
    void duplicateIsNotPublishedAgain() {
        send(tenant.ingestKey(), tenant.id(), message("dup", "c-2")).then().statusCode(202).body("accepted", equalTo(1));
        send(tenant.ingestKey(), tenant.id(), message("dup", "c-2")).then().statusCode(202)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        // Same conversation, same partition: once the sentinel is read, anything sent before it was read too.
        send(tenant.ingestKey(), tenant.id(), message("sentinel", "c-2")).then().statusCode(202);

        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(10))
                .until(() -> topic.recordsOf(tenant.id()), found -> found.stream().anyMatch(r -> id(r).equals("sentinel")));
        assertEquals(1, records.stream().filter(r -> id(r).equals("dup")).count());
    }

    @Test
    void anotherTenantsKeyIsForbiddenAndPublishesNothing() {
        TestTenants.Credentials intruder = TestTenants.create();
        send(intruder.ingestKey(), tenant.id(), message("forged", "c-3")).then().statusCode(403);
        send(tenant.ingestKey(), tenant.id(), message("sentinel", "c-3")).then().statusCode(202);

        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(10))
                .until(() -> topic.recordsOf(tenant.id()), found -> found.stream().anyMatch(r -> id(r).equals("sentinel")));
        assertEquals(List.of("sentinel"), records.stream().map(EventPublishingIT::id).toList());
        assertTrue(topic.recordsOf(intruder.id()).isEmpty());
    }

    static String message(String id, String conversation) {
        return """
                {"id": "%s", "type": "message.created", "occurredAt": "%s", "conversationId": "%s",
                 "data": {"sender": "visitor", "text": "还在吗?"}}""".formatted(id, Instant.now(), conversation);
    }

    static io.restassured.response.Response send(String key, String tenant, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post("/v1/tenants/" + tenant + "/events");
    }

    static String id(ConsumerRecord<String, String> record) {
        return value(record).get("id").asText();
    }

    static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
