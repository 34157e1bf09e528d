package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Time to alert and time to notify: ten queued conversations make the default rule
 * {@code queue-length-warning} (queue.length ≥ 10, for 0 s) true; the clock starts at their 202
 * and stops when the firing alert is on {@code floorwatch.alerts} (a consumer of the harness) and
 * when the Feishu message reaches the harness's own robot stand-in (default route, groupWait 1 s).
 */
final class AlertTiming implements AutoCloseable {

    private static final String RULE = "queue-length-warning";

    private final Stack stack;
    private final HttpServer standIn;
    private final KafkaConsumer<String, String> alerts;
    private final Thread reader;
    private final Map<String, Long> alerted = new ConcurrentHashMap<>();
    private final Map<String, Long> notified = new ConcurrentHashMap<>();
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
        this.alerts = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = alerts.partitionsFor(stack.target.alertsTopic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        alerts.assign(partitions);
        alerts.seekToEnd(partitions);
        partitions.forEach(alerts::position); // resolve "end" now, before any probe fires
        this.reader = new Thread(this::read, "bench-alerts");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, String> record : alerts.poll(Duration.ofMillis(100))) {
                long at = System.nanoTime();
                try {
                    JsonNode alert = Stack.JSON.readTree(record.value());
                    if (RULE.equals(alert.path("ruleId").asText()) && "firing".equals(alert.path("state").asText())) {
                        alerted.putIfAbsent(alert.path("tenant").asText(), at);
                    }
                } catch (IOException e) {
                    // not an alert event: not ours to judge here
                }
            }
        }
        alerts.close();
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
        List<Double> toAlert = new ArrayList<>();
        List<Double> toNotify = new ArrayList<>();
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
            int status;
            try {
                status = stack.postEvents(tenant, batch.toString()).statusCode();
            } catch (IOException e) {
                status = -1; // an overloaded ingest: counted, not fatal
            }
            long accepted = System.nanoTime();
            if (status != 202) {
                notAccepted++;
                continue;
            }
            long deadline = accepted + TimeUnit.SECONDS.toNanos(20);
            while ((!alerted.containsKey(tenant.id()) || !notified.containsKey(tenant.id())) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            Long alert = alerted.get(tenant.id());
            Long note = notified.get(tenant.id());
            if (alert == null || note == null) {
                timedOut++;
                continue;
            }
            toAlert.add((alert - accepted) / 1e6);
            toNotify.add((note - accepted) / 1e6);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("notAccepted", notAccepted);
        out.put("timedOut", timedOut);
        out.put("toAlertMs", Percentiles.of(toAlert.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("toNotifyMs", Percentiles.of(toNotify.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5000);
        standIn.stop(0);
    }
}
