package dev.floorwatch.simulator.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Load on ingest-service: closed-loop batches of 100 (throughput), the same records through a
 * plain Kafka producer (the ceiling of the same run), and open-loop single-event requests at a
 * fixed rate (latency, with the clock started at the scheduled send time so a backlog counts).
 */
final class IngestLoad {

    /** Single-event requests in flight at most: the connections of the simulated client fleet. */
    static final int CONNECTIONS = 512;

    private final Stack stack;
    private final Day day;

    IngestLoad(Stack stack, Day day) {
        this.stack = stack;
        this.day = day;
    }

    Map<String, Object> batches(Stack.Tenant tenant, int clients, Duration duration) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    ObjectNode body = Stack.JSON.createObjectNode();
                    var events = body.putArray("events");
                    for (int i = 0; i < 100; i++) {
                        events.add(day.next());
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = stack.postEvents(tenant, body.toString());
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    sent.addAndGet(100);
                    if (response.statusCode() == 202) {
                        accepted.addAndGet(Stack.JSON.readTree(response.body()).path("accepted").asLong());
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
        out.put("eventsPerSecond", Stack.round(accepted.get() / seconds));
        out.put("requestLatencyMs", Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** A plain producer with ingest's settings sending the same envelopes to a topic of the same partitioning. */
    Map<String, Object> producerCeiling(String tenant, Duration duration) throws Exception {
        Properties settings = producerSettings(stack.target.kafka());
        String topic = "floorwatch-bench.ceiling";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.target.kafka()))) {
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
                    ObjectNode event = envelope(day.next(), tenant);
                    producer.send(new ProducerRecord<>(topic, key(event), Stack.JSON.writeValueAsBytes(event)), (meta, e) -> {
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
        return Map.of("acknowledged", acked, "eventsPerSecond", Stack.round(acked / seconds));
    }

    /** ingest-service's producer settings (acks and idempotence fixed, the rest from its application.properties). */
    static Properties producerSettings(String kafka) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return settings;
    }

    /** The event as ingest-service publishes it (EVENTS.md envelope; ingest writes an empty {@code data}). */
    static ObjectNode envelope(ObjectNode event, String tenant) {
        if (!event.has("data")) {
            event.putObject("data");
        }
        return event.put("schema", 1).put("tenant", tenant).put("receivedAt", Instant.now().toString());
    }

    /** Ingest's record key: tenant and conversation (or agent, or visitor). */
    static String key(ObjectNode envelope) {
        String subject = envelope.hasNonNull("conversationId") ? envelope.get("conversationId").asText()
                : envelope.hasNonNull("agentId") ? envelope.get("agentId").asText()
                : envelope.hasNonNull("visitorId") ? envelope.get("visitorId").asText()
                : envelope.get("id").asText();
        return envelope.get("tenant").asText() + ":" + subject;
    }

    /**
     * Open loop: single-event requests at {@code rate}/s for {@code duration}, round-robin over
     * {@code tenants}. At most {@link #CONNECTIONS} are in flight, like a fleet of clients with
     * keep-alive connections: unbounded, the JDK client opened a connection per waiting request,
     * and at 2,000/s most requests failed to connect (29,515 connect timeouts in 20 s) while
     * ingest answered everything it received within 3 s. A request that waits for a connection
     * is sent late, and its latency is still counted from when it was due.
     */
    Map<String, Object> singles(List<Stack.Tenant> tenants, int rate, Duration duration) throws Exception {
        List<CompletableFuture<Double>> sent = new ArrayList<>();
        Map<String, Long> refusals = new ConcurrentHashMap<>();
        Semaphore connections = new Semaphore(CONNECTIONS);
        long intervalNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        long total = rate * duration.toSeconds();
        for (long i = 0; i < total; i++) {
            long due = started + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Stack.Tenant tenant = tenants.get((int) (i % tenants.size()));
            connections.acquire();
            sent.add(stack.http.sendAsync(stack.eventsRequest(tenant, day.next(tenant.id()).toString()), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        connections.release();
                        if (error == null && response.statusCode() == 202) {
                            return (System.nanoTime() - due) / 1e6;
                        }
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        String why = cause != null ? cause.getClass().getSimpleName() : "HTTP " + response.statusCode();
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
        out.put("achievedPerSecond", Stack.round(latencies.size() / seconds));
        out.put("notAccepted", failed);
        out.put("notAcceptedWhy", new TreeMap<>(refusals));
        out.put("latencyMs", Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }
}
