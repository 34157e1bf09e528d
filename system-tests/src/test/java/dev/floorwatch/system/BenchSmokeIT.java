package dev.floorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.simulator.bench.Bench;
import dev.floorwatch.simulator.bench.Stack;
import dev.floorwatch.testing.ServiceProcess;

/**
 * The benchmark harness in smoke mode (a few seconds per measurement, low rates) against the four
 * services, real Kafka and Redis, so that it cannot rot; the full benchmark is not part of CI.
 */
class BenchSmokeIT {

    private static FourServices services;

    @BeforeAll
    static void start() throws Exception {
        services = FourServices.start("bench");
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyMeasurementRunsAndNothingAcceptedIsLost() throws Exception {
        Stack.Target target = new Stack.Target(services.ingest().url(""), services.metrics().url(""), services.alerts().url(""),
                services.notifier().url(""), "127.0.0.1:9092", "floorwatch-test.events", "floorwatch-test.snapshots", "floorwatch-test.alerts",
                ServiceProcess.OPERATOR_TOKEN, services.metricsGroup(), services.alertEventsGroup(), services.alertSnapshotsGroup(), "127.0.0.1", 6379, 1,
                null);
        Map<String, Object> results = new Bench(target, Bench.Settings.smoke()).run();
        Path file = Bench.write(results, Path.of("target/bench-smoke"));
        JsonNode r = new ObjectMapper().readTree(file.toFile());

        assertTrue(r.path("error").isMissingNode(), "the run ended early: " + r.path("error"));
        JsonNode batches = r.path("ingestBatches");
        assertTrue(batches.path("sent").asLong() > 0, batches.toString());
        assertEquals(batches.path("sent").asLong(), batches.path("accepted").asLong(), "every batch event accepted: " + batches);
        assertTrue(r.path("kafkaProducerCeiling").path("eventsPerSecond").asDouble() > 0, r.toString());
        assertTrue(r.path("ingestRatioToCeiling").asDouble() > 0);

        JsonNode apply = r.path("applyRate");
        assertEquals(0, apply.path("notProduced").asLong(), apply.toString());
        assertTrue(apply.path("eventsPerSecond").asDouble() > 0, apply.toString());
        assertTrue(apply.path("redisCommandsPerEvent").path("hsetnx").asDouble() >= 1, "one idempotency mark per event: " + apply);
        JsonNode ceiling = r.path("redisBenchmarkCeiling");
        assertTrue(ceiling.path("eventsPerSecond").asDouble() > 0, ceiling.toString());
        assertTrue(ceiling.path("coveredShareOfCalls").asDouble() > 0.9, "the mix is replayed almost whole: " + ceiling);

        JsonNode level = r.path("levels").path(0);
        assertEquals(0, level.path("ingestSingle").path("notAccepted").asLong(), level.toString());
        assertTrue(level.path("freshness").path("latencyMs").path("count").asInt() > 0, level.toString());
        assertTrue(level.path("alerting").path("toAlertMs").path("count").asInt() > 0, "an alert reached the topic: " + level);
        assertTrue(level.path("alerting").path("toNotifyMs").path("count").asInt() > 0, "a message reached the stand-in: " + level);
        assertTrue(level.path("alerting").path("toNotifyMs").path("p50").asDouble()
                >= level.path("alerting").path("toAlertMs").path("p50").asDouble(), "notified after alerted: " + level);
        for (JsonNode probe : level.path("alerting").path("probes")) {
            if (probe.has("notified")) {
                // The snapshot that shows the queue is read and published before the alert it raises.
                assertTrue(probe.path("snapshotPublished").asLong() <= probe.path("alertPublished").asLong(), probe.toString());
                assertTrue(probe.path("snapshotRead").asLong() <= probe.path("alertAt").asLong(), probe.toString());
            }
        }
        assertTrue(level.path("alerting").path("toSnapshotMs").path("count").asInt() > 0, "the probe's snapshot was seen: " + level);
        JsonNode watched = level.path("watchedTenants");
        assertEquals(0, watched.path("tenantsWithoutUpdate").asInt(), watched.toString());
        assertTrue(watched.path("refreshGapMs").path("count").asInt() > 0, watched.toString());
        assertTrue(level.path("redis").path("openConversations").asInt() > 0, level.toString());
        JsonNode many = r.path("manyTenants").path("watchedTenants");
        assertEquals(4, many.path("tenants").asInt(), "every watched tenant streamed at once: " + many);
        assertEquals(0, many.path("tenantsWithoutUpdate").asInt(), many.toString());
        assertTrue(Files.readString(file).contains("\"kafkaProducerCeiling\""));
    }
}
