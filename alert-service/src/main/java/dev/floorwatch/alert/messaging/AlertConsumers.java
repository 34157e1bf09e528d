package dev.floorwatch.alert.messaging;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.service.RiskAlerts;
import dev.floorwatch.alert.service.ThresholdAlerts;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.messaging.CommittingConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * alert-service's two consumers. {@code floorwatch.snapshots} (key = tenant: one partition, so one
 * replica, evaluates a tenant's threshold and burst rules) and {@code floorwatch.events} (risk
 * keywords and burst signals). After a poll is handled its tenants' outboxes are published, then
 * the offsets are committed.
 */
@ApplicationScoped
@Readiness
public class AlertConsumers implements HealthCheck {

    private final CommittingConsumer snapshots;
    private final CommittingConsumer events;
    private final ThresholdAlerts thresholds;
    private final RiskAlerts risks;
    private final AlertStore store;
    private final AlertPublisher publisher;
    private final ObjectMapper json;
    private final Timer latency;

    public AlertConsumers(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            AlertConfig config, ThresholdAlerts thresholds, RiskAlerts risks, AlertStore store, AlertPublisher publisher,
            ObjectMapper json, MeterRegistry registry) {
        this.thresholds = thresholds;
        this.risks = risks;
        this.store = store;
        this.publisher = publisher;
        this.json = json;
        this.latency = Timer.builder("floorwatch.alerts.evaluation.latency")
                .description("Time to handle one poll and publish its transitions").publishPercentileHistogram()
                .register(registry);
        Map<String, Object> settings = Map.of("bootstrap.servers", kafka.get("bootstrap.servers"));
        // A new group starts at the end of snapshots: old ones describe a floor that no longer exists.
        this.snapshots = new CommittingConsumer("alert-service-snapshots", settings, config.consumerGroup(), "latest",
                config.sessionTimeout(), List.of(topics.snapshots()), this::onSnapshots, registry);
        this.events = new CommittingConsumer("alert-service-events", settings, config.consumerGroup() + "-events", "latest",
                config.sessionTimeout(), List.of(topics.events()), this::onEvents, registry);
    }

    void start(@Observes StartupEvent start) {
        snapshots.start();
        events.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        snapshots.stop();
        events.stop();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alert consumers")
                .status(snapshots.healthy() && events.healthy())
                .withData("snapshots", String.valueOf(snapshots.problem()))
                .withData("events", String.valueOf(events.problem()))
                .build();
    }

    private void onSnapshots(ConsumerRecords<String, byte[]> records) throws Exception {
        long started = System.nanoTime();
        Set<String> tenants = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            thresholds.evaluate(record.key(), json.readTree(record.value()));
            tenants.add(record.key());
        }
        publishOutboxes(tenants);
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void onEvents(ConsumerRecords<String, byte[]> records) throws Exception {
        Set<String> tenants = new LinkedHashSet<>();
        Instant now = Instant.now();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope event = json.readValue(record.value(), EventEnvelope.class);
            if (risks.handle(event, now) > 0) {
                tenants.add(event.tenant());
            }
        }
        publishOutboxes(tenants);
    }

    private void publishOutboxes(Set<String> tenants) throws Exception {
        for (String tenant : tenants) {
            List<AlertEvent> pending = store.outbox(tenant);
            if (!pending.isEmpty()) {
                publisher.publish(pending);
                store.published(tenant, pending.size());
            }
        }
    }
}
