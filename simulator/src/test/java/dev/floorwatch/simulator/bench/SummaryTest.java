package dev.floorwatch.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    private static Map<String, Object> run(double batches, double singleP99) {
        return Map.of("ingestBatches", Map.of("eventsPerSecond", batches), "kafkaProducerCeiling", Map.of("eventsPerSecond", 40_000.0),
                "levels", List.of(Map.of("level", 1, "ingestSingle", Map.of("latencyMs", Map.of("p50", 10.0, "p99", singleP99))),
                        Map.of("level", 4, "ingestSingle", Map.of("latencyMs", Map.of("p50", 20.0, "p99", singleP99 * 4)))));
    }

    @Test
    void mediansOfThreeRunsAndPlotsOfThem(@TempDir Path dir) throws Exception {
        Summary summary = Summary.of(List.of(run(5_000, 100), run(9_000, 300), run(7_000, 200)));

        assertEquals(7_000, summary.median("/ingestBatches/eventsPerSecond"));
        assertEquals(800, summary.median("/levels/1/ingestSingle/latencyMs/p99"));
        String table = summary.markdown();
        assertTrue(table.contains("| ingest, batches of 100 (events/s) | 5,000 | 9,000 | 7,000 | **7,000** | ≥ 20,000 |"), table);
        assertTrue(table.contains("| 4×   ingest latency p50 / p99 (ms) | 20 / 400 | 20 / 1,200 | 20 / 800 | **20 / 800** |"), table);

        summary.write(dir, dir.resolve("plots"));
        String latency = Files.readString(dir.resolve("plots/latency-by-load.svg"));
        assertTrue(latency.startsWith("<svg") && latency.contains("<polyline") && latency.contains("4× load"), latency);
        assertTrue(Files.readString(dir.resolve("plots/throughput-vs-ceilings.svg")).contains("7,000"));
    }
}
