package dev.floorwatch.alert.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.service.ThresholdAlerts;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes {@code floorwatch.snapshots} (key = tenant, so one partition — one replica — per
 * tenant) and evaluates threshold rules on each. Per poll: evaluate and commit state to Redis,
 * publish the outbox, then commit offsets. On failure the partitions are paused and the poll is
 * retried; the snapshot clock in Redis makes the retry skip what was already evaluated.
 */
@ApplicationScoped
public class SnapshotsConsumer {

    private static final Logger LOG = Logger.getLogger(SnapshotsConsumer.class);

    private final Map<String, Object> settings = new HashMap<>();
    private final String topic;
    private final ThresholdAlerts thresholds;
    private final AlertStore store;
    private final AlertPublisher publisher;
    private final ObjectMapper json;
    private final Timer latency;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean healthy = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public SnapshotsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            AlertConfig config, ThresholdAlerts thresholds, AlertStore store, AlertPublisher publisher, ObjectMapper json,
            MeterRegistry registry) {
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the end: old snapshots describe a floor that no longer exists.
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "alert-service-snapshots");
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.sessionTimeout().toMillis() / 3);
        this.topic = topics.snapshots();
        this.thresholds = thresholds;
        this.store = store;
        this.publisher = publisher;
        this.json = json;
        this.latency = Timer.builder("floorwatch.alerts.evaluation.latency")
                .description("Time to evaluate one snapshot and publish its transitions").publishPercentileHistogram()
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        running.set(true);
        thread = new Thread(this::run, "alert-snapshots-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    public boolean healthy() {
        return healthy && thread != null && thread.isAlive();
    }

    private void run() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(topic));
            while (running.get()) {
                ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    handleUntilDone(kafka, records);
                    commit(kafka, records);
                }
            }
        } catch (WakeupException e) {
            // Shutting down.
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("snapshots consumer stopped", e);
        }
    }

    private void handleUntilDone(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
        long backoff = 100;
        while (running.get()) {
            try {
                Set<String> tenants = new LinkedHashSet<>();
                for (ConsumerRecord<String, String> record : records) {
                    long started = System.nanoTime();
                    JsonNode overview = json.readTree(record.value());
                    thresholds.evaluate(record.key(), overview);
                    tenants.add(record.key());
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
                for (String tenant : tenants) {
                    List<AlertEvent> pending = store.outbox(tenant);
                    if (!pending.isEmpty()) {
                        publisher.publish(pending);
                        store.published(tenant, pending.size());
                    }
                }
                if (!healthy) {
                    kafka.resume(kafka.assignment());
                }
                healthy = true;
                return;
            } catch (Exception e) {
                if (healthy) {
                    LOG.warnf("cannot evaluate snapshots (%s); pausing and retrying", e.toString());
                }
                healthy = false;
                kafka.pause(kafka.assignment());
                kafka.poll(Duration.ofMillis(backoff));
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private static void commit(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            kafka.commitSync(offsets);
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.infof("offset commit skipped after a rebalance: %s", e.getMessage());
        }
    }
}
