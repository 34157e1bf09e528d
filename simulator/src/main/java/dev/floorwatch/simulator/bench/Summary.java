package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Medians over several runs (PERF.md asks for medians of noisy runs), as a Markdown table for
 * docs/BENCHMARKS.md and two generated SVG plots: latency against load level, and throughput
 * against the ceilings of the same runs.
 */
final class Summary {

    /** A row: what, where in a run's results (JSON pointer), the PERF.md target. */
    private record Row(String what, String pointer, String target) {
    }

    private final List<JsonNode> runs;
    private final List<Integer> levels;

    private Summary(List<JsonNode> runs) {
        this.runs = runs;
        List<Integer> found = new ArrayList<>();
        runs.get(0).path("levels").forEach(level -> found.add(level.path("level").asInt()));
        this.levels = found;
    }

    static Summary of(List<Map<String, Object>> results) {
        return new Summary(results.stream().map(r -> (JsonNode) Stack.JSON.valueToTree(r)).toList());
    }

    static Summary read(List<Path> files) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (Path file : files) {
            runs.add(Stack.JSON.readTree(file.toFile()));
        }
        return new Summary(runs);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("ingest, batches of 100 (events/s)", "/ingestBatches/eventsPerSecond", "≥ 20,000"),
                new Row("  batch request p99 (ms)", "/ingestBatches/requestLatencyMs/p99", ""),
                new Row("  plain Kafka producer ceiling (events/s)", "/kafkaProducerCeiling/eventsPerSecond", ""),
                new Row("  ratio to ceiling", "/ingestRatioToCeiling", "≥ 0.5"),
                new Row("metrics apply rate (events/s)", "/applyRate/eventsPerSecond", "≥ 20,000"),
                new Row("  redis-benchmark ceiling, same mix (events/s)", "/redisBenchmarkCeiling/eventsPerSecond", ""),
                new Row("  ratio to ceiling", "/applyRatioToCeiling", "report"),
                new Row("  alert-service risk matching, same events (events/s)", "/applyRate/riskMatchedEventsPerSecond", "")));
        for (int i = 0; i < levels.size(); i++) {
            String l = "/levels/" + i;
            String x = levels.get(i) + "×";
            rows.add(new Row(x + " single events achieved (req/s)", l + "/ingestSingle/achievedPerSecond", ""));
            rows.add(new Row(x + "   ingest latency p50 / p99 (ms)", l + "/ingestSingle/latencyMs/p50|" + l + "/ingestSingle/latencyMs/p99",
                    "p99 ≤ 50 at 2,000/s"));
            rows.add(new Row(x + "   freshness 202 → SSE p50 / p99 (ms)", l + "/freshness/latencyMs/p50|" + l + "/freshness/latencyMs/p99",
                    "≤ 100 / ≤ 1,000"));
            rows.add(new Row(x + "   alert probe's snapshot seen p50 / p99 (ms)",
                    l + "/alerting/toSnapshotMs/p50|" + l + "/alerting/toSnapshotMs/p99", ""));
            rows.add(new Row(x + "   time to alert p50 / p99 (ms)", l + "/alerting/toAlertMs/p50|" + l + "/alerting/toAlertMs/p99",
                    "p99 ≤ 1,500"));
            rows.add(new Row(x + "   time to notify p50 / p99 (ms)", l + "/alerting/toNotifyMs/p50|" + l + "/alerting/toNotifyMs/p99",
                    "p99 ≤ 3,000"));
            rows.add(new Row(x + "   watched tenants", l + "/watchedTenants/tenants", "≥ 1,000"));
            rows.add(new Row(x + "   refresh gap p50 / p99 (ms)", l + "/watchedTenants/refreshGapMs/p50|" + l + "/watchedTenants/refreshGapMs/p99",
                    "every second"));
            rows.add(new Row(x + "   Redis bytes per open conversation", l + "/redis/bytesPerOpenConversation", "≤ 1,024"));
            rows.add(new Row(x + "     without idempotency marks", l + "/redis/withoutMarksPerConversation", ""));
            rows.add(new Row(x + "   the tenant's keys (MEMORY USAGE) per open conversation", l + "/redis/keysBytesPerOpenConversation", ""));
            rows.add(new Row(x + "     without idempotency marks", l + "/redis/keysWithoutMarksPerConversation", ""));
            for (String service : Footprint.SERVICES) {
                rows.add(new Row(x + "   RSS " + service + " (MiB)", l + "/rssMiB/" + service, "≤ 300"));
            }
        }
        rows.add(new Row("many tenants: watched tenants", "/manyTenants/watchedTenants/tenants", "≥ 1,000"));
        rows.add(new Row("  single events achieved (req/s)", "/manyTenants/ingestSingle/achievedPerSecond", ""));
        rows.add(new Row("  updates per tenant per second", "/manyTenants/watchedTenants/updatesPerTenantPerSecond", "1"));
        rows.add(new Row("  refresh gap p50 / p99 (ms)", "/manyTenants/watchedTenants/refreshGapMs/p50|/manyTenants/watchedTenants/refreshGapMs/p99",
                "every second"));
        rows.add(new Row("  RSS metrics-service (MiB)", "/manyTenants/rssMiB/metrics-service", "≤ 300"));
        for (String service : Footprint.SERVICES) {
            rows.add(new Row("start to ready, " + service + " (ms)", "/startMillis/" + service, "≤ 5,000"));
        }
        return rows;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| what |");
        for (int i = 1; i <= runs.size(); i++) {
            out.append(" run ").append(i).append(" |");
        }
        out.append(" median | PERF.md |\n|---|");
        out.append("---|".repeat(runs.size())).append("---|---|\n");
        for (Row row : rows()) {
            String[] pointers = row.pointer().split("\\|");
            if (runs.get(0).at(pointers[0]).isMissingNode()) {
                continue;
            }
            out.append("| ").append(row.what()).append(" |");
            for (JsonNode run : runs) {
                out.append(' ').append(cell(Arrays.stream(pointers).map(p -> run.at(p).asDouble(Double.NaN)).toList())).append(" |");
            }
            List<Double> medians = Arrays.stream(pointers).map(this::median).toList();
            out.append(" **").append(cell(medians)).append("** | ").append(row.target()).append(" |\n");
        }
        return out.toString();
    }

    double median(String pointer) {
        double[] values = runs.stream().mapToDouble(r -> r.at(pointer).asDouble(Double.NaN)).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String cell(List<Double> values) {
        return String.join(" / ", values.stream().map(Summary::number).toList());
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Math.abs(v) < 10 && v != Math.rint(v)) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Writes summary.json (medians), summary.md and, with {@code plots}, the SVGs; returns the Markdown file. */
    Path write(Path dir, Path plots) throws IOException {
        Files.createDirectories(dir);
        String stamp = Instant.now().toString().replace(":", "");
        Path md = dir.resolve("summary-" + stamp + ".md");
        Files.writeString(md, markdown(), StandardCharsets.UTF_8);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (Row row : rows()) {
            for (String pointer : row.pointer().split("\\|")) {
                medians.put(pointer, median(pointer));
            }
        }
        Files.writeString(dir.resolve("summary-" + stamp + ".json"),
                Stack.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(medians), StandardCharsets.UTF_8);
        if (plots != null) {
            Files.createDirectories(plots);
            Files.writeString(plots.resolve("latency-by-load.svg"), Plots.lines("Latency p99 by load level (median of " + runs.size()
                    + " runs)", levels, latencySeries()), StandardCharsets.UTF_8);
            Files.writeString(plots.resolve("throughput-vs-ceilings.svg"), Plots.bars("Throughput against the same run's ceilings (events/s, median)",
                    throughputBars()), StandardCharsets.UTF_8);
        }
        return md;
    }

    private Map<String, List<Double>> latencySeries() {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("ingest single event", perLevel("/ingestSingle/latencyMs/p99"));
        series.put("freshness 202 → SSE", perLevel("/freshness/latencyMs/p99"));
        series.put("time to alert", perLevel("/alerting/toAlertMs/p99"));
        series.put("time to notify", perLevel("/alerting/toNotifyMs/p99"));
        series.put("refresh gap, watched tenants", perLevel("/watchedTenants/refreshGapMs/p99"));
        return series;
    }

    private List<Double> perLevel(String pointer) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            out.add(median("/levels/" + i + pointer));
        }
        return out;
    }

    private Map<String, Double> throughputBars() {
        Map<String, Double> bars = new LinkedHashMap<>();
        bars.put("ingest, batches of 100", median("/ingestBatches/eventsPerSecond"));
        bars.put("plain Kafka producer", median("/kafkaProducerCeiling/eventsPerSecond"));
        bars.put("metrics apply", median("/applyRate/eventsPerSecond"));
        bars.put("redis-benchmark, same mix", median("/redisBenchmarkCeiling/eventsPerSecond"));
        bars.put("PERF.md target", 20_000.0);
        return bars;
    }
}
