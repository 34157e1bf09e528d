package dev.floorwatch.simulator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./floorwatch bench [--smoke] [--runs 3]}: runs {@link Bench} against a running stack and
 * writes each run's results and, over several runs, their medians and plots (Summary). Options
 * (defaults for {@code ./floorwatch up}): {@code --ingest --metrics --alerts --notifier} URLs,
 * {@code --kafka 127.0.0.1:9092}, {@code --redis 127.0.0.1:6379}, {@code --metrics-group},
 * {@code --alert-events-group}, {@code --alert-snapshots-group},
 * {@code --run-dir .floorwatch/run} (pid files, for RSS), {@code --start-times FILE},
 * {@code --seconds 60} (batches), {@code --level-seconds 30}, {@code --levels 1,4,16},
 * {@code --clients 8}, {@code --out bench-results}, {@code --plots DIR}, {@code --skip batches,levels,many,apply};
 * {@code --summarize a.json,b.json [--plots DIR]} only summarises earlier runs.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                options.put("smoke", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (options.containsKey("summarize")) { // medians and plots of earlier runs' result files
            List<Path> files = Arrays.stream(options.get("summarize").split(",")).map(Path::of).toList();
            Summary summary = Summary.read(files);
            Path out = Path.of(options.getOrDefault("out", "bench-results"));
            Stack.progress("%s", summary.markdown());
            Stack.progress("summary: %s", summary.write(out, options.containsKey("plots") ? Path.of(options.get("plots")) : null));
            return;
        }
        boolean smoke = options.containsKey("smoke");
        String token = options.getOrDefault("operator-token", System.getenv().getOrDefault("FLOORWATCH_OPERATOR_TOKEN", ""));
        if (token.isEmpty()) {
            token = Files.readString(Path.of(".floorwatch/operator.token")).trim();
        }
        String[] redis = options.getOrDefault("redis", "127.0.0.1:6379").split(":");
        Stack.Target target = new Stack.Target(options.getOrDefault("ingest", "http://127.0.0.1:8081"),
                options.getOrDefault("metrics", "http://127.0.0.1:8082"), options.getOrDefault("alerts", "http://127.0.0.1:8083"),
                options.getOrDefault("notifier", "http://127.0.0.1:8084"), options.getOrDefault("kafka", "127.0.0.1:9092"),
                "floorwatch.events", "floorwatch.snapshots", "floorwatch.alerts", token,
                options.getOrDefault("metrics-group", "metrics-service"), options.getOrDefault("alert-events-group", "alert-service-events"),
                options.getOrDefault("alert-snapshots-group", "alert-service"), redis[0],
                Integer.parseInt(redis[1]), 0, Path.of(options.getOrDefault("run-dir", ".floorwatch/run")));
        Bench.Settings base = smoke ? Bench.Settings.smoke() : Bench.Settings.full();
        Bench.Settings settings = new Bench.Settings(base.warmUp(),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", Long.toString(base.batches().toSeconds())))),
                base.ceiling(), Integer.parseInt(options.getOrDefault("clients", Integer.toString(base.clients()))), base.applyEvents(),
                base.redisRequests(),
                options.containsKey("levels") ? Arrays.stream(options.get("levels").split(",")).map(Integer::valueOf).toList() : base.levels(),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("level-seconds", Long.toString(base.level().toSeconds())))),
                base.baseRate(), base.baseTenants(), base.baseConversations(), base.manyTenants(),
                options.containsKey("start-times") ? Path.of(options.get("start-times")) : null,
                Path.of(options.getOrDefault("out", "bench-results"), "watched-tenants.json"),
                options.containsKey("skip") ? Set.of(options.get("skip").split(",")) : Set.of());
        Path out = Path.of(options.getOrDefault("out", "bench-results"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "1"));
        List<Map<String, Object>> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Stack.progress("=== run %d of %d ===", run, runs);
            Map<String, Object> results = new Bench(target, settings).run();
            results.put("mode", smoke ? "smoke" : "full");
            all.add(results);
            Stack.progress("results: %s", Bench.write(results, out));
        }
        if (runs > 1 || options.containsKey("plots")) {
            Summary summary = Summary.of(all);
            Stack.progress("%s", summary.markdown());
            Stack.progress("summary: %s", summary.write(out, options.containsKey("plots") ? Path.of(options.get("plots")) : null));
        }
    }
}
