package dev.floorwatch.simulator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./floorwatch bench [--smoke]}: creates a benchmark tenant (no rate limit to speak of) with
 * the operator token and runs {@link Bench}. Options: {@code --seconds 60 --clients 8
 * --single-rate 2000 --ingest http://127.0.0.1:8081 --kafka 127.0.0.1:9092 --out bench-results};
 * {@code --smoke} is a few seconds at low rates, run by the test suite so the harness cannot rot.
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
            }
        }
        boolean smoke = options.containsKey("smoke");
        String ingest = options.getOrDefault("ingest", "http://127.0.0.1:8081");
        String token = options.containsKey("operator-token") ? options.get("operator-token")
                : System.getenv().getOrDefault("FLOORWATCH_OPERATOR_TOKEN", "").isEmpty()
                        ? Files.readString(Path.of(".floorwatch/operator.token")).trim()
                        : System.getenv("FLOORWATCH_OPERATOR_TOKEN");
        String tenant = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingest + "/v1/tenants"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + tenant + "\", \"name\": \"benchmark\", "
                        + "\"rateLimit\": {\"eventsPerSecond\": 1000000, \"burst\": 1000000}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create the benchmark tenant: " + created.statusCode() + " " + created.body());
        }
        JsonNode credentials = new ObjectMapper().readTree(created.body());
        int seconds = Integer.parseInt(options.getOrDefault("seconds", smoke ? "3" : "60"));
        Bench bench = new Bench(ingest, tenant, credentials.path("ingestKey").asText(),
                options.getOrDefault("kafka", "127.0.0.1:9092"), Duration.ofSeconds(seconds));
        Map<String, Object> results = bench.runAll(Integer.parseInt(options.getOrDefault("clients", smoke ? "2" : "8")),
                Integer.parseInt(options.getOrDefault("single-rate", smoke ? "100" : "2000")));
        results.put("mode", smoke ? "smoke" : "full");
        results.put("tenant", tenant);
        Path file = Bench.write(results, Path.of(options.getOrDefault("out", "bench-results")));
        System.out.println("results: " + file);
    }
}
