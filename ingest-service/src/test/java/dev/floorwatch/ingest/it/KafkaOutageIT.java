package dev.floorwatch.ingest.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.support.EventsTopicReader;
import dev.floorwatch.testing.LocalStack;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Stops the real broker of deploy/local under a running ingest-service: the endpoint must say
 * 503 quickly (not hang, not claim success), readiness must go down, and once the broker is back
 * the client's retry is accepted and the event is on the topic exactly once.
 */
@QuarkusTest
class KafkaOutageIT {

    @AfterEach
    void brokerIsBackWhateverHappened() throws Exception {
        LocalStack.run("start", "kafka");
    }

    @Test
    void brokerDownIs503AndTheRetryIsPublishedExactlyOnce() throws Exception {
        TestTenants.Credentials tenant = TestTenants.create();
        String event = EventPublishingIT.message("during-outage", "c-outage");
        assertTrue(LocalStack.startedHere("kafka"), "this test stops and starts the broker that deploy/local/stack.sh started");

        LocalStack.run("stop", "kafka");

        long started = System.nanoTime();
        Response refused = EventPublishingIT.send(tenant.ingestKey(), tenant.id(), event);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        refused.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("2"))
                .body("type", equalTo("urn:floorwatch:problem:unavailable"));
        assertTrue(tookMillis < 8_000, "503 came after " + tookMillis + " ms");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));

        LocalStack.run("start", "kafka");

        try (EventsTopicReader topic = new EventsTopicReader()) {
            // The client retries (as Retry-After says) until the broker is reachable again.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    EventPublishingIT.send(tenant.ingestKey(), tenant.id(), event).then().statusCode(202)
                            .body("accepted", equalTo(1)));
            EventPublishingIT.send(tenant.ingestKey(), tenant.id(), event).then().statusCode(202)
                    .body("duplicates", equalTo(1));
            EventPublishingIT.send(tenant.ingestKey(), tenant.id(), EventPublishingIT.message("sentinel", "c-outage"))
                    .then().statusCode(202);

            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(15))
                    .until(() -> topic.recordsOf(tenant.id()),
                            found -> found.stream().anyMatch(r -> EventPublishingIT.id(r).equals("sentinel")));
            assertEquals(1, records.stream().filter(r -> EventPublishingIT.id(r).equals("during-outage")).count());
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

}
