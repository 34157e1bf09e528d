package dev.floorwatch.metrics.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.messaging.KafkaConnection;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.messaging.CommittingConsumer;
import dev.floorwatch.common.messaging.FeedPublisher;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.service.AlertSnapshots;
import dev.floorwatch.metrics.service.LiveStateService;
import dev.floorwatch.metrics.service.SnapshotPacer;
import dev.floorwatch.metrics.store.LiveStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes {@code floorwatch.events} — and, from {@code floorwatch.alerts}, the firing alerts (risk
 * and conversation-quality alerts flag a conversation; every firing alert gets its overview saved)
 * — in one consumer group; every alert transition also goes to the wallboards' feed, and applies each poll to the live state before
 * its offsets are committed (see {@link CommittingConsumer}). A risk alert becomes an internal
 * {@code conversation.tagged} carrying the matched words and the rule's category.
 */
@ApplicationScoped
public class EventsConsumer {

    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);

    private final CommittingConsumer loop;
    private final String alertsTopic;
    private final LiveStateService live;
    private final AlertSnapshots alertSnapshots;
    private final FeedPublisher feed;
    private final LiveStateStore store;
    private final SnapshotPacer pacer;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Timer applyLatency;

    public EventsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            MetricsConfig config, LiveStateService live, AlertSnapshots alertSnapshots, FeedPublisher feed, LiveStateStore store, SnapshotPacer pacer,
            ObjectMapper json, MeterRegistry registry) {
        this.alertsTopic = topics.alerts();
        this.live = live;
        this.alertSnapshots = alertSnapshots;
        this.feed = feed;
        this.store = store;
        this.pacer = pacer;
        this.json = json;
        this.registry = registry;
        this.applyLatency = Timer.builder("floorwatch.metrics.apply.latency")
                .description("Time to apply one poll of events to Redis").publishPercentileHistogram().register(registry);
        Map<String, Object> settings = KafkaConnection.settings(kafka);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        this.loop = new CommittingConsumer("metrics-service-events", settings,
                config.consumerGroup(), "earliest", config.sessionTimeout(), List.of(topics.events(), topics.alerts()),
                this::apply, registry);
    }

    void start(@Observes StartupEvent start) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loop.stop();
    }

    public boolean healthy() {
        return loop.healthy();
    }

    public String problem() {
        return loop.problem();
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        long started = System.nanoTime();
        List<AlertEvent> fired = new ArrayList<>();
        List<AlertEvent> alerts = new ArrayList<>();
        Map<String, Long> changed = live.apply(decode(records, fired, alerts), System.currentTimeMillis());
        store.touched(changed);
        pacer.changed(changed.keySet(), System.currentTimeMillis());
        // After the apply, so an alert's snapshot already shows the conversation it flagged.
        fired.forEach(alertSnapshots::save);
        alerts.forEach(alert -> feed.publish(alert.tenant(), "alert", alert));
        applyLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private List<EventEnvelope> decode(ConsumerRecords<String, byte[]> records, List<AlertEvent> fired, List<AlertEvent> alerts) {
        List<EventEnvelope> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.topic().equals(alertsTopic)) {
                    AlertEvent alert = json.readValue(record.value(), AlertEvent.class);
                    alerts.add(alert);
                    if (isRiskFlag(alert)) {
                        events.add(riskFlag(alert));
                    }
                    if (AlertSnapshots.wanted(alert)) {
                        fired.add(alert);
                    }
                    continue;
                }
                EventEnvelope event = json.readValue(record.value(), EventEnvelope.class);
                if (event.schema() == EventEnvelope.SCHEMA) {
                    events.add(event);
                } else {
                    registry.counter("floorwatch.metrics.events.skipped", "reason", "schema").increment();
                }
            } catch (Exception e) {
                // Only our own services write these topics, after validation: this is a bug, not bad input.
                registry.counter("floorwatch.metrics.events.skipped", "reason", "undecodable").increment();
                LOG.errorf("skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return events;
    }

    static boolean isRiskFlag(AlertEvent alert) {
        return "firing".equals(alert.state()) && alert.conversationId() != null && alert.matched() != null
                && !alert.matched().isEmpty();
    }

    /** The flag as an internal tag event: same conversation key, idempotent by alert key and start. */
    static EventEnvelope riskFlag(AlertEvent alert) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        String category = alert.labels() == null ? "risk" : alert.labels().getOrDefault("category", "risk");
        data.putArray("tags").add(category);
        var matched = data.putArray("matched");
        alert.matched().forEach(matched::add);
        return new EventEnvelope(EventEnvelope.SCHEMA, "alert:" + alert.key() + ":" + alert.startsAt().toEpochMilli(),
                alert.tenant(), "conversation.tagged", alert.startsAt(), alert.at(), null, alert.conversationId(), null, null,
                null, data);
    }
}
