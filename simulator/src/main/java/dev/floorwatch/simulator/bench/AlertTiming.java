package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Time to alert and time to notify: ten queued conversations make the default rule
 * {@code queue-length-warning} (queue.length ≥ 10, for 0 s) true; the clock starts at their 202
 * and stops when the firing alert is on {@code floorwatch.alerts} (a consumer of the harness) and
 * when the Feishu message reaches the harness's own robot stand-in (default route, groupWait 1 s).
 * Each probe's timeline is kept too, to tell where a slow one waited: when metrics-service read
 * the state that shows the queue and published that snapshot (the snapshot's {@code at}, the
 * record's create time), when the harness saw it, and when alert-service published the alert
 * (its record's create time). Those times come from the services' clocks, which are the
 * harness's own machine clock; the headline numbers use only the harness's clocks.
 */
final class AlertTiming implements AutoCloseable {

    private static final String RULE = "queue-length-warning";

    private final Stack stack;
    private final HttpServer standIn;
    private final KafkaConsumer<String, byte[]> records;
    private final Thread reader;
    /** Tenants whose probe is running: only their snapshots are read. */
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    private final Map<String, Seen> snapshotted = new ConcurrentHashMap<>();
    private final Map<String, Seen> alerted = new ConcurrentHashMap<>();
    private final Map<String, Long> notified = new ConcurrentHashMap<>();

    /** A record the probe waited for: when the harness saw it (nano time), when it was created and what time it names (epoch ms). */
    private record Seen(long at, long created, long names) {

        /** The record's time field in epoch ms, or -1 when it has none: the probe's own clock still counts. */
        static long names(JsonNode time) {
            try {
                return Instant.parse(time.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                return -1;
            }
        }
    }
    private volatile boolean running = true;

    AlertTiming(Stack stack) throws IOException {
        this.stack = stack;
        this.standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        standIn.createContext("/open-apis/bot/v2/hook/", exchange -> {
            long at = System.nanoTime();
            String tenant = exchange.getRequestURI().getPath().substring("/open-apis/bot/v2/hook/".length());
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            notified.putIfAbsent(tenant, at);
            byte[] ok = "{\"code\":0,\"msg\":\"success\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        standIn.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "bench-standin");
            thread.setDaemon(true);
            return thread;
        }));
        standIn.start();

        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.target.kafka());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.records = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(stack.target.alertsTopic(), stack.target.snapshotsTopic())) {
            records.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        records.assign(partitions);
        records.seekToEnd(partitions);
        partitions.forEach(records::position); // resolve "end" now, before any probe fires
        this.reader = new Thread(this::read, "bench-alerts");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : records.poll(Duration.ofMillis(100))) {
                long at = System.nanoTime();
                try {
                    if (record.topic().equals(stack.target.snapshotsTopic())) {
                        if (probing.contains(record.key())) {
                            JsonNode overview = Stack.JSON.readTree(record.value());
                            if (overview.path("queue").path("length").asInt() >= 10) {
                                snapshotted.putIfAbsent(record.key(), new Seen(at, record.timestamp(), Seen.names(overview.path("at"))));
                            }
                        }
                        continue;
                    }
                    JsonNode alert = Stack.JSON.readTree(record.value());
                    if (RULE.equals(alert.path("ruleId").asText()) && "firing".equals(alert.path("state").asText())) {
                        alerted.putIfAbsent(alert.path("tenant").asText(), new Seen(at, record.timestamp(), Seen.names(alert.path("at"))));
                    }
                } catch (IOException e) {
                    // not an alert event or overview: not ours to judge here
                }
            }
        }
        records.close();
    }

    /** A tenant for one probe: default rules, one Feishu receiver at the stand-in. */
    Stack.Tenant prepare() throws Exception {
        Stack.Tenant tenant = stack.createTenant("bench-alert");
        stack.putReceivers(tenant, "[{\"id\": \"standin\", \"type\": \"feishu\", \"webhookUrl\": \"http://127.0.0.1:"
                + standIn.getAddress().getPort() + "/open-apis/bot/v2/hook/" + tenant.id() + "\"}]");
        return tenant;
    }

    /** One probe per tenant, one after another until {@code duration} is over. */
    Map<String, Object> run(List<Stack.Tenant> tenants, Duration duration) throws Exception {
        List<Double> toSnapshot = new ArrayList<>();
        List<Double> toAlert = new ArrayList<>();
        List<Double> toNotify = new ArrayList<>();
        List<Map<String, Object>> timelines = new ArrayList<>();
        int timedOut = 0;
        int notAccepted = 0;
        long end = System.nanoTime() + duration.toNanos();
        for (Stack.Tenant tenant : tenants) {
            if (System.nanoTime() > end) {
                break;
            }
            var batch = Stack.JSON.createObjectNode();
            var events = batch.putArray("events");
            for (int i = 0; i < 10; i++) {
                events.add(Day.queued("q" + i, "queued-" + i));
            }
            probing.add(tenant.id());
            int status;
            try {
                status = stack.postEvents(tenant, batch.toString()).statusCode();
            } catch (IOException e) {
                status = -1; // an overloaded ingest: counted, not fatal
            }
            long accepted = System.nanoTime();
            long acceptedWall = System.currentTimeMillis();
            if (status != 202) {
                notAccepted++;
                continue;
            }
            long deadline = accepted + TimeUnit.SECONDS.toNanos(20);
            while ((!alerted.containsKey(tenant.id()) || !notified.containsKey(tenant.id())) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            probing.remove(tenant.id());
            Seen snapshot = snapshotted.get(tenant.id());
            Seen alert = alerted.get(tenant.id());
            Long note = notified.get(tenant.id());
            timelines.add(timeline(accepted, acceptedWall, snapshot, alert, note));
            if (alert == null || note == null) {
                timedOut++;
                continue;
            }
            if (snapshot != null) {
                toSnapshot.add((snapshot.at() - accepted) / 1e6);
            }
            toAlert.add((alert.at() - accepted) / 1e6);
            toNotify.add((note - accepted) / 1e6);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("notAccepted", notAccepted);
        out.put("timedOut", timedOut);
        out.put("toSnapshotMs", Percentiles.of(toSnapshot.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("toAlertMs", Percentiles.of(toAlert.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("toNotifyMs", Percentiles.of(toNotify.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("probes", timelines);
        return out;
    }

    /**
     * One probe's milestones in ms after the 202 (absent: not seen within the probe's 20 s). The
     * service's times may come before the 202: metrics-service can read the state before the
     * harness has the answer.
     */
    private static Map<String, Object> timeline(long accepted, long acceptedWall, Seen snapshot, Seen alert, Long note) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (snapshot != null) {
            out.put("snapshotRead", snapshot.names() - acceptedWall);
            out.put("snapshotPublished", snapshot.created() - acceptedWall);
            out.put("snapshotSeen", Math.round((snapshot.at() - accepted) / 1e6));
        }
        if (alert != null) {
            out.put("alertAt", alert.names() - acceptedWall);
            out.put("alertPublished", alert.created() - acceptedWall);
            out.put("alertSeen", Math.round((alert.at() - accepted) / 1e6));
        }
        if (note != null) {
            out.put("notified", Math.round((note - accepted) / 1e6));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5000);
        standIn.stop(0);
    }
}
