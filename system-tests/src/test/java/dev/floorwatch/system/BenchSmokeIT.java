package dev.floorwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.floorwatch.simulator.bench.Bench;
import dev.floorwatch.testing.ServiceProcess;

/**
 * The benchmark harness in smoke mode (two seconds per measurement, low rates) against a real
 * ingest-service, Kafka and Redis, so that it cannot rot; the full benchmark is not part of CI.
 */
class BenchSmokeIT {

    private static ServiceProcess ingest;

    @BeforeAll
    static void start() throws Exception {
        ingest = ServiceProcess.start("ingest-service", Map.of());
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMeasurementRunsAndNothingAcceptedIsLost() throws Exception {
        Floor floor = Floor.newTenant(ingest, "基准冒烟");
        Bench bench = new Bench(ingest.url(""), floor.tenant, floor.ingestKey, "127.0.0.1:9092", Duration.ofSeconds(2));
        Map<String, Object> results = bench.runAll(1, 20);

        Map<String, Object> batches = (Map<String, Object>) results.get("ingestBatches");
        assertTrue((long) batches.get("sent") > 0);
        assertEquals(batches.get("sent"), batches.get("accepted"), "every batch event accepted: " + batches);
        assertTrue((double) batches.get("eventsPerSecond") > 0);
        Map<String, Object> ceiling = (Map<String, Object>) results.get("kafkaProducerCeiling");
        assertTrue(((Number) ceiling.get("eventsPerSecond")).doubleValue() > 0, ceiling.toString());
        assertTrue((double) results.get("ratioToCeiling") > 0);
        Map<String, Object> single = (Map<String, Object>) results.get("ingestSingle");
        assertEquals(0L, single.get("notAccepted"), single.toString());

        Path file = Bench.write(results, Path.of("target/bench-smoke"));
        assertTrue(Files.readString(file).contains("\"kafkaProducerCeiling\""));
    }
}
