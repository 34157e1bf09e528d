package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark harness (docs/BENCHMARKS.md): the measurements of PERF.md against a running
 * stack, all timed by the harness's own clocks, with the ceilings of the same run. Tenants it
 * creates are deleted at the end.
 */
public final class Bench {

    /**
     * How hard and how long. Load level L means {@code baseRate}·L single-event requests/s spread
     * over {@code baseTenants}·L watched tenants (each with a stream open) and
     * {@code baseConversations}·L open conversations for the memory row; {@code manyTenants} watched
     * at once for the many-tenants row. {@code startTimes}: the
     * launcher's start measurements, if any; {@code tenantsFile}: where the watched tenants are kept;
     * {@code skip}: steps left out (batches, levels, many, apply), e.g. to profile one.
     */
    public record Settings(Duration warmUp, Duration batches, Duration ceiling, int clients, int applyEvents,
            int redisRequests, List<Integer> levels, Duration level, int baseRate, int baseTenants, int baseConversations,
            int manyTenants, Path startTimes, Path tenantsFile, Set<String> skip) {

        public static Settings full() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(20), 8, 300_000, 200_000,
                    List.of(1, 4, 16), Duration.ofSeconds(30), 125, 64, 250, 1_024, null, null, Set.of());
        }

        /** A few seconds per measurement at low rates: the test suite runs it so that the harness cannot rot. */
        public static Settings smoke() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), 2, 2_000, 10_000,
                    List.of(1), Duration.ofSeconds(6), 20, 4, 20, 4, null, null, Set.of());
        }
    }

    private final Stack stack;
    private final Settings settings;
    private final Day day = new Day();

    public Bench(Stack.Target target, Settings settings) {
        this.stack = new Stack(target);
        this.settings = settings;
    }

    /**
     * Runs every measurement and returns the results (what {@link #write} stores). A measurement
     * that fails ends the run, and what was measured before it is still returned, with the error.
     */
    public Map<String, Object> run() {
        Map<String, Object> results = new LinkedHashMap<>();
        try {
            measure(results);
        } catch (Exception e) {
            Stack.progress("run ended early: %s", e);
            results.put("error", e.toString());
        } finally {
            Stack.progress("deleting the benchmark's tenants");
            stack.deleteCreatedTenants();
        }
        return results;
    }

    private void measure(Map<String, Object> results) throws Exception {
        results.put("at", Instant.now().toString());
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os", System.getProperty("os.name"),
                "java", System.getProperty("java.version")));
        results.put("settings", Map.of("batchesSeconds", settings.batches().toSeconds(), "levelSeconds", settings.level().toSeconds(),
                "clients", settings.clients(), "levels", settings.levels(), "baseRate", settings.baseRate(),
                "baseTenants", settings.baseTenants(), "baseConversations", settings.baseConversations()));
        results.put("startMillis", Footprint.startTimes(settings.startTimes()));
        IngestLoad ingest = new IngestLoad(stack, day);
        Footprint footprint = new Footprint(stack);
        Stack.Tenant bench = stack.createTenant("bench");

        Stack.progress("warm-up (JIT of every service): batches for %d s", settings.warmUp().toSeconds());
        ingest.batches(bench, settings.clients(), settings.warmUp());
        ApplyRate apply = new ApplyRate(stack, day);

        if (!settings.skip().contains("batches")) {
            Stack.progress("ingest throughput, batches of 100, %d clients, %d s", settings.clients(), settings.batches().toSeconds());
            Map<String, Object> batches = ingest.batches(bench, settings.clients(), settings.batches());
            results.put("ingestBatches", batches);
            Stack.progress("  %s", batches);
            Stack.progress("ceiling: plain Kafka producer, same records and settings, %d s", settings.ceiling().toSeconds());
            Map<String, Object> ceiling = ingest.producerCeiling(bench.id(), settings.ceiling());
            results.put("kafkaProducerCeiling", ceiling);
            results.put("ingestRatioToCeiling",
                    Stack.round((double) batches.get("eventsPerSecond") / (double) ceiling.get("eventsPerSecond")));
            Stack.progress("  %s, ratio %s", ceiling, results.get("ingestRatioToCeiling"));
        }
        Stack.progress("waiting for the consumers to catch up with what was sent so far");
        apply.awaitDrained(Duration.ofMinutes(10));

        int most = Math.max(settings.manyTenants(),
                settings.levels().stream().mapToInt(Integer::intValue).max().orElse(1) * settings.baseTenants());
        List<Stack.Tenant> tenants = settings.skip().containsAll(List.of("levels", "many")) ? List.of() : watchedTenants(most);
        if (!settings.skip().contains("levels")) {
            List<Map<String, Object>> levels = new ArrayList<>();
            results.put("levels", levels);
            try (AlertTiming alerts = new AlertTiming(stack)) {
                for (int level : settings.levels()) {
                    levels.add(level(level, tenants.subList(0, level * settings.baseTenants()), ingest, alerts, footprint));
                    apply.awaitDrained(Duration.ofMinutes(10)); // the next level starts without this one's backlog
                }
            }
        }
        if (!settings.skip().contains("many")) {
            results.put("manyTenants", manyTenants(tenants.subList(0, settings.manyTenants()), ingest, footprint));
            apply.awaitDrained(Duration.ofMinutes(10));
        }

        if (!settings.skip().contains("apply")) {
            // Tenants of their own (deleted at the end): their state must not weigh on the levels' tenants.
            List<Stack.Tenant> applyTenants = new ArrayList<>();
            for (int i = 0; i < settings.baseTenants(); i++) {
                applyTenants.add(stack.createTenant("bench-apply"));
            }
            Stack.progress("metrics-service apply rate: %d events straight to Kafka over %d tenants", settings.applyEvents(),
                    applyTenants.size());
            ApplyRate.Result applied = apply.run(applyTenants, settings.applyEvents(), Duration.ofMinutes(10));
            results.put("applyRate", applied.summary());
            Stack.progress("  %s", applied.summary());
            Stack.progress("ceiling: redis-benchmark for the same command mix");
            Map<String, Object> redisCeiling = new RedisCeiling(stack).measure(applied.commandCalls(), applied.events(),
                    settings.redisRequests());
            results.put("redisBenchmarkCeiling", redisCeiling);
            results.put("applyRatioToCeiling",
                    Stack.round((double) applied.summary().get("eventsPerSecond") / (double) redisCeiling.get("eventsPerSecond")));
            Stack.progress("  %s events/s, ratio %s", redisCeiling.get("eventsPerSecond"), results.get("applyRatioToCeiling"));
        }
        results.put("rssMiBAtEnd", footprint.rssMiB());
    }

    /** One load level: single events, freshness, alert and notify probes and watched streams at the same time. */
    private Map<String, Object> level(int level, List<Stack.Tenant> watched, IngestLoad ingest, AlertTiming alerts, Footprint footprint)
            throws Exception {
        int rate = settings.baseRate() * level;
        Stack.progress("load %dx: %d single-event requests/s over %d watched tenants, %d s; freshness and alert probes alongside",
                level, rate, watched.size(), settings.level().toSeconds());
        List<Stack.Tenant> alertTenants = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alertTenants.add(alerts.prepare());
        }
        Stack.Tenant probe = stack.createTenant("bench-fresh");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", level);
        ExecutorService probes = Executors.newFixedThreadPool(2);
        try (WatchedTenants streams = new WatchedTenants(stack, watched)) {
            Future<Map<String, Object>> freshness = probes.submit(() -> new Freshness(stack).run(probe, settings.level(), level));
            Future<Map<String, Object>> alerting = probes.submit(() -> alerts.run(alertTenants, settings.level()));
            out.put("ingestSingle", ingest.singles(watched, rate, settings.level()));
            out.put("freshness", freshness.get());
            out.put("alerting", alerting.get());
            out.put("watchedTenants", streams.summary());
        } finally {
            probes.shutdownNow();
        }
        out.put("rssMiB", footprint.rssMiB());
        out.forEach((k, v) -> Stack.progress("  %s: %s", k, v));
        Stack.progress("  Redis per open conversation, %d conversations", settings.baseConversations() * level);
        out.put("redis", footprint.redisPerOpenConversation(settings.baseConversations() * level));
        Stack.progress("  %s", out.get("redis"));
        return out;
    }

    /**
     * PERF.md's many-tenants row on its own: every watched tenant's stream open at the lowest
     * level's event rate, so what is measured is refreshing the tenants, not taking a flood of events.
     * The same load runs unmeasured first: the result must not depend on whether the steps before
     * had already compiled these paths (the harness's own included), or the step measures the JIT.
     */
    private Map<String, Object> manyTenants(List<Stack.Tenant> watched, IngestLoad ingest, Footprint footprint) throws Exception {
        Stack.progress("many tenants: %d watched tenants, %d single-event requests/s over them, %d s warm-up, %d s measured",
                watched.size(), settings.baseRate(), settings.warmUp().toSeconds(), settings.level().toSeconds());
        Map<String, Object> out = new LinkedHashMap<>();
        try (WatchedTenants streams = new WatchedTenants(stack, watched)) {
            ingest.singles(watched, settings.baseRate(), settings.warmUp());
            streams.measureFromNow();
            out.put("ingestSingle", ingest.singles(watched, settings.baseRate(), settings.level()));
            out.put("watchedTenants", streams.summary());
        }
        out.put("rssMiB", footprint.rssMiB());
        out.forEach((k, v) -> Stack.progress("  %s: %s", k, v));
        return out;
    }

    /**
     * The tenants to watch: kept in {@code settings.tenantsFile()} and reused by later runs, because
     * deleting a tenant scans the keyspace (a thousand deletions would outlast the benchmark).
     */
    private List<Stack.Tenant> watchedTenants(int n) throws Exception {
        List<Stack.Tenant> out = new ArrayList<>();
        Path file = settings.tenantsFile();
        if (file != null && Files.exists(file)) {
            out.addAll(List.of(Stack.JSON.readValue(file.toFile(), Stack.Tenant[].class)));
            if (!out.isEmpty() && !stack.exists(out.get(0))) {
                out.clear(); // another stack, or its Redis was reset
            }
        }
        if (out.size() < n) {
            Stack.progress("creating %d tenants to watch", n - out.size());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Stack.Tenant>> futures = new ArrayList<>();
                for (int i = out.size(); i < n; i++) {
                    futures.add(pool.submit(() -> stack.createLastingTenant("bench-w")));
                }
                for (Future<Stack.Tenant> f : futures) {
                    out.add(f.get());
                }
            } finally {
                pool.shutdown();
            }
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Stack.JSON.writeValue(file.toFile(), out);
            }
        }
        return out.subList(0, n);
    }

    public static Path write(Map<String, Object> results, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + Instant.now().toString().replace(":", "") + ".json");
        Files.writeString(file, Stack.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results), StandardCharsets.UTF_8);
        return file;
    }
}
