package dev.floorwatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.floorwatch.simulator.domain.Scenario;
import dev.floorwatch.simulator.domain.Traffic;
import dev.floorwatch.simulator.service.Runner;

/**
 * {@code java -jar simulator/target/simulator-<version>.jar --tenant T --key fwi_… [--scenario normal-day|file.yaml]
 * [--speed 1] [--seed N] [--ingest http://127.0.0.1:8081] [--loop] [--chatwoot-secret S [--chatwoot-account 1]]}:
 * posts a simulated day to a tenant; with a Chatwoot webhook secret, web conversations go through the tenant's
 * Chatwoot webhook (its Chatwoot source set for that account and secret).
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--loop")) {
                options.put("loop", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                usage("unexpected argument " + args[i]);
            }
        }
        if (!options.containsKey("tenant") || !options.containsKey("key")) {
            usage("--tenant and --key (the tenant's ingest key) are required");
        }
        Scenario scenario = scenario(options.getOrDefault("scenario", "normal-day"));
        if (options.containsKey("seed")) {
            scenario = scenario.withSeed(Long.parseLong(options.get("seed")));
        }
        double speed = Double.parseDouble(options.getOrDefault("speed", "1"));
        Runner runner = new Runner(options.getOrDefault("ingest", "http://127.0.0.1:8081"), options.get("tenant"),
                options.get("key"), speed);
        if (options.containsKey("chatwoot-secret")) {
            runner.viaChatwoot(options.getOrDefault("chatwoot-account", "1"), options.get("chatwoot-secret"));
        }
        do {
            List<Traffic.SimEvent> day = Traffic.generate(scenario);
            System.out.printf("scenario %s (seed %d): %d events over %d h at %.0fx%n", scenario.name(), scenario.seed(),
                    day.size(), scenario.hours(), speed);
            long accepted = runner.run(day);
            System.out.printf("scenario %s done: %d events posted%n", scenario.name(), accepted);
            scenario = scenario.withSeed(scenario.seed() + 1);
        } while (options.containsKey("loop"));
    }

    private static Scenario scenario(String name) throws IOException {
        Path file = Path.of(name);
        if (name.endsWith(".yaml") && Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return Scenario.read(in);
            }
        }
        return Scenario.shipped(name);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: --tenant T --key fwi_… [--scenario normal-day|campaign-surge|staffing-gap|complaint-storm|file.yaml]"
                + " [--speed 1] [--seed N] [--ingest http://127.0.0.1:8081] [--loop] [--chatwoot-secret S [--chatwoot-account 1]]");
        System.exit(2);
    }
}
