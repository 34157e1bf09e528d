package dev.floorwatch.ingest.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.support.TestTenants;
import dev.floorwatch.testing.LocalStack;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Stops the real Redis of deploy/local under a running ingest-service: requests get a 503
 * problem with Retry-After (never a 500, never a false 202), readiness goes down, and the same
 * request is accepted once Redis is back.
 */
@QuarkusTest
class RedisOutageIT {

    @AfterEach
    void redisIsBackWhateverHappened() throws Exception {
        LocalStack.run("start", "redis");
    }

    @Test
    void redisDownIs503AndTheRetryIsAccepted() throws Exception {
        assumeTrue(LocalStack.startedHere("redis"),
                "Redis was not started by deploy/local/stack.sh (an existing one is reused): not stopping it");
        TestTenants.Credentials tenant = TestTenants.create();
        String event = EventPublishingIT.message("redis-outage", "c-redis");

        LocalStack.run("stop", "redis");

        // Wait out the credential cache (200 ms in tests): then the key itself cannot be checked.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                EventPublishingIT.send(tenant.ingestKey(), tenant.id(), event).then().statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", equalTo("2"))
                        .body("type", equalTo("urn:floorwatch:problem:unavailable")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));

        LocalStack.run("start", "redis");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                EventPublishingIT.send(tenant.ingestKey(), tenant.id(), event).then().statusCode(202)
                        .body("accepted", equalTo(1)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
