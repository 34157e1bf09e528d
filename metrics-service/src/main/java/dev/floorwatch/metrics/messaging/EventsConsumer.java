package dev.floorwatch.metrics.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.service.LiveStateService;
import dev.floorwatch.metrics.store.LiveStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes {@code floorwatch.events} in one consumer group, a poll at a time on its own thread:
 * apply the poll's events to Redis, then commit its offsets. A plain consumer loop rather than
 * Reactive Messaging because the guarantee is about that order: offsets are committed only after
 * the write succeeded; while Redis fails the partitions are paused (the group membership is kept)
 * and the same poll is retried, so nothing is skipped. A crash between write and commit replays
 * the poll, which the idempotent apply absorbs.
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);

    private final Map<String, Object> settings = new HashMap<>();
    private final String topic;
    private final LiveStateService live;
    private final LiveStateStore store;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Timer applyLatency;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean healthy = true;
    private volatile String problem;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public EventsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            MetricsConfig config, LiveStateService live, LiveStateStore store, ObjectMapper json, MeterRegistry registry) {
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "metrics-service-events");
        // A crashed replica's partitions move on after this long without a heartbeat (default 45 s).
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.sessionTimeout().toMillis() / 3);
        this.topic = topics.events();
        this.live = live;
        this.store = store;
        this.json = json;
        this.registry = registry;
        this.applyLatency = Timer.builder("floorwatch.metrics.apply.latency")
                .description("Time to apply one poll of events to Redis").publishPercentileHistogram().register(registry);
    }

    void start(@Observes StartupEvent start) {
        running.set(true);
        thread = new Thread(this::run, "metrics-events-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** False while the last apply failed (Redis down): readiness reports it. */
    public boolean healthy() {
        return healthy && thread != null && thread.isAlive();
    }

    public String problem() {
        return problem;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            try (KafkaClientMetrics metrics = new KafkaClientMetrics(kafka)) {
                metrics.bindTo(registry);
                kafka.subscribe(List.of(topic));
                while (running.get()) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        applyUntilDone(kafka, records);
                        commit(kafka, records);
                    }
                }
            }
        } catch (WakeupException e) {
            // Shutting down.
        } catch (RuntimeException e) {
            healthy = false;
            problem = "consumer stopped: " + e;
            LOG.error("events consumer stopped", e);
        }
    }

    private void applyUntilDone(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<EventEnvelope> events = decode(records);
        long backoff = 100;
        while (running.get()) {
            try {
                long started = System.nanoTime();
                Map<String, Long> changed = live.apply(events, System.currentTimeMillis());
                store.touched(changed);
                applyLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (!healthy) {
                    LOG.info("live state writable again; resuming consumption");
                    kafka.resume(kafka.assignment());
                }
                healthy = true;
                problem = null;
                return;
            } catch (RuntimeException e) {
                if (healthy) {
                    LOG.warnf("cannot apply events (%s); pausing consumption and retrying", e.toString());
                }
                healthy = false;
                problem = "cannot write live state: " + e.getMessage();
                kafka.pause(kafka.assignment());
                // Polling a paused consumer returns nothing but keeps its group membership.
                kafka.poll(Duration.ofMillis(backoff));
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private List<EventEnvelope> decode(ConsumerRecords<String, byte[]> records) {
        List<EventEnvelope> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EventEnvelope event = json.readValue(record.value(), EventEnvelope.class);
                if (event.schema() == EventEnvelope.SCHEMA) {
                    events.add(event);
                } else {
                    registry.counter("floorwatch.metrics.events.skipped", "reason", "schema").increment();
                }
            } catch (Exception e) {
                // Only ingest-service writes this topic, after validation: this is a bug, not bad input.
                registry.counter("floorwatch.metrics.events.skipped", "reason", "undecodable").increment();
                LOG.errorf("skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return events;
    }

    private static void commit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            kafka.commitSync(offsets);
        } catch (org.apache.kafka.common.errors.RebalanceInProgressException
                | org.apache.kafka.clients.consumer.CommitFailedException e) {
            // The partitions moved on; their new owner replays from the last commit and skips what was applied.
            LOG.infof("offset commit skipped after a rebalance: %s", e.getMessage());
        }
    }
}
