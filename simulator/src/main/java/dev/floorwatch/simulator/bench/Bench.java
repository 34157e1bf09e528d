package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.Scenario;
import dev.floorwatch.simulator.domain.Traffic;

/**
 * The benchmark harness, first part (docs/BENCHMARKS.md): against a running stack it measures
 * ingest throughput with batches of 100 (and, as the ceiling in the same run, a plain Kafka
 * producer sending the same records with ingest's settings) and the latency of single-event
 * requests at a fixed request rate — all from the harness's own clocks. Events are the
 * simulator's normal day, re-identified so that none is a duplicate. Writes a JSON results file.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ingest;
    private final String tenant;
    private final String ingestKey;
    private final String kafka;
    private final Duration duration;
    // HTTP/1.1: the JDK client otherwise asks every plain-http request to upgrade to h2c.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ObjectNode> day;
    private final AtomicLong ids = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    public Bench(String ingest, String tenant, String ingestKey, String kafka, Duration duration) {
        this.ingest = ingest.replaceAll("/+$", "");
        this.tenant = tenant;
        this.ingestKey = ingestKey;
        this.kafka = kafka;
        this.duration = duration;
        this.day = Traffic.generate(Scenario.shipped("normal-day")).stream().map(e -> e.at(System.currentTimeMillis(), 1)).toList();
    }

    /** Runs every measurement and returns the results (also what {@link #write} stores). */
    public Map<String, Object> runAll(int clients, int singleRate) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("at", Instant.now().toString());
        results.put("durationSeconds", duration.toSeconds());
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os", System.getProperty("os.name"),
                "java", System.getProperty("java.version")));
        progress("ingest throughput, batches of 100, %d clients, %d s", clients, duration.toSeconds());
        Map<String, Object> batches = batchThroughput(clients);
        results.put("ingestBatches", batches);
        progress("  %s", batches);
        progress("ceiling: plain Kafka producer, same records and settings, %d s", duration.toSeconds());
        Map<String, Object> ceiling = producerCeiling();
        results.put("kafkaProducerCeiling", ceiling);
        progress("  %s", ceiling);
        results.put("ratioToCeiling", round((double) batches.get("eventsPerSecond") / (double) ceiling.get("eventsPerSecond")));
        progress("single-event requests at %d/s, %d s", singleRate, duration.toSeconds());
        Map<String, Object> single = singleLatency(singleRate);
        results.put("ingestSingle", single);
        progress("  %s", single);
        return results;
    }

    public static Path write(Map<String, Object> results, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + Instant.now().toString().replace(":", "") + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results), StandardCharsets.UTF_8);
        return file;
    }

    private Map<String, Object> batchThroughput(int clients) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    ObjectNode body = JSON.createObjectNode();
                    var events = body.putArray("events");
                    for (int i = 0; i < 100; i++) {
                        events.add(next());
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = post(body.toString());
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    sent.addAndGet(100);
                    if (response != null && response.statusCode() == 202) {
                        accepted.addAndGet(JSON.readTree(response.body()).path("accepted").asLong());
                    } else {
                        failed.addAndGet(100);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", clients);
        out.put("sent", sent.get());
        out.put("accepted", accepted.get());
        out.put("notAccepted", failed.get());
        out.put("eventsPerSecond", round(accepted.get() / seconds));
        out.put("requestLatencyMs", Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    private Map<String, Object> producerCeiling() throws Exception {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // ingest-service's producer settings (its application.properties).
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String topic = "floorwatch-bench.ceiling";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get(10, TimeUnit.SECONDS);
            }
        }
        long acked;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    ObjectNode event = next().put("tenant", tenant).put("receivedAt", Instant.now().toString());
                    String key = tenant + ":" + event.path("conversationId").asText(event.path("visitorId").asText());
                    producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(event)), (meta, e) -> {
                        if (e == null) {
                            done.incrementAndGet();
                        }
                    });
                }
            }
            producer.flush();
            acked = done.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return Map.of("acknowledged", acked, "eventsPerSecond", round(acked / seconds));
    }

    private Map<String, Object> singleLatency(int rate) throws Exception {
        List<java.util.concurrent.CompletableFuture<Double>> sent = new ArrayList<>();
        Map<String, Long> refusals = new java.util.concurrent.ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        long total = rate * duration.toSeconds();
        for (long i = 0; i < total; i++) {
            long due = started + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // Open loop, asynchronous: the clock starts at the scheduled send time, and no harness thread
            // pool limits how many requests are in flight.
            sent.add(http.sendAsync(request(next().toString()), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        if (error == null && response.statusCode() == 202) {
                            return (System.nanoTime() - due) / 1e6;
                        }
                        String why = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
                        refusals.merge(why, 1L, Long::sum);
                        return -1.0;
                    }));
        }
        List<Double> latencies = new ArrayList<>();
        long failed = 0;
        for (var f : sent) {
            double ms = f.get();
            if (ms < 0) {
                failed++;
            } else {
                latencies.add(ms);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("targetPerSecond", rate);
        out.put("achievedPerSecond", round(latencies.size() / seconds));
        out.put("notAccepted", failed);
        out.put("notAcceptedWhy", new java.util.TreeMap<>(refusals));
        out.put("latencyMs", Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** The next simulated event under a fresh id (the day repeats; ids never do). */
    private ObjectNode next() {
        long n = ids.incrementAndGet();
        ObjectNode event = day.get((int) (n % day.size())).deepCopy();
        return event.put("id", "bench-" + run + "-" + n).put("occurredAt", Instant.now().toString());
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(ingest + "/v1/tenants/" + tenant + "/events"))
                .header("Authorization", "Bearer " + ingestKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String body) {
        try {
            return http.send(request(body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void progress(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
