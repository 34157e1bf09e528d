package dev.floorwatch.metrics.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.Mornings;
import dev.floorwatch.metrics.support.Pipeline;
import dev.floorwatch.testing.ServiceProcess;
import dev.floorwatch.metrics.support.TestEvents;
import dev.floorwatch.testing.LocalStack;

/**
 * Redis goes away while events keep arriving: metrics-service stops consuming (readiness down)
 * instead of skipping them, and once Redis is back it applies them all, exactly once.
 */
class MetricsRedisOutageIT {

    private static ServiceProcess ingest;
    private static ServiceProcess metrics;

    @BeforeAll
    static void startServices() throws Exception {
        ingest = ServiceProcess.start("ingest-service", Map.of());
        metrics = ServiceProcess.start("metrics-service", Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-redis-it"));
    }

    @AfterAll
    static void stopServices() {
        metrics.close();
        ingest.close();
    }

    @AfterEach
    void redisIsBackWhateverHappened() throws Exception {
        LocalStack.run("start", "redis");
    }

    @Test
    void eventsArrivingWhileRedisIsDownAreAppliedOnceItIsBack() throws Exception {
        assumeTrue(LocalStack.startedHere("redis"),
                "Redis was not started by deploy/local/stack.sh (an existing one is reused): not stopping it");
        Pipeline pipeline = new Pipeline(ingest, metrics);
        Pipeline.Tenant tenant = pipeline.createTenant();
        List<EventEnvelope> morning = Mornings.wholeMorning().events();
        Duration shift = Duration.between(Instant.parse("2026-11-26T09:05:00Z"), Instant.now());

        LocalStack.run("stop", "redis");
        try (TestEvents topic = new TestEvents()) {
            topic.send(TestEvents.forTenant(FloorScript.shifted(morning, shift), tenant.id()));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get(metrics.url("/q/health/ready")).then().statusCode(503));

        LocalStack.run("start", "redis");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get(metrics.url("/q/health/ready")).then().statusCode(200));
        AtomicReference<String> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode actual = pipeline.overview(tenant);
                JsonNode expected = Pipeline.expected(morning, shift, Instant.parse(actual.get("at").asText()));
                last.set("expected " + expected + "\n but was " + Pipeline.comparable(actual));
                return expected.equals(Pipeline.comparable(actual));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("after the outage the overview never matched the oracle: " + last.get(), e);
        }
    }

}
