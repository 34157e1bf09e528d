package dev.floorwatch.notifier.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.messaging.KafkaConnection;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.messaging.CommittingConsumer;
import dev.floorwatch.notifier.config.NotifierConfig;
import dev.floorwatch.notifier.service.Dispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes {@code floorwatch.alerts}: each transition is queued for its receivers in Redis
 * (deduplicated per receiver) before the offsets are committed, so a restart neither loses nor
 * repeats one. Sending is the {@code DeliveryWorker}'s job.
 */
@ApplicationScoped
@Readiness
public class AlertsConsumer implements HealthCheck {

    private final CommittingConsumer loop;
    private final Dispatcher dispatcher;
    private final ObjectMapper json;

    public AlertsConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            NotifierConfig config, Dispatcher dispatcher, ObjectMapper json, MeterRegistry registry) {
        this.dispatcher = dispatcher;
        this.json = json;
        // A new group starts at the end: alerts from before the service existed are not news.
        this.loop = new CommittingConsumer("notifier-service-alerts", KafkaConnection.settings(kafka),
                config.consumerGroup(), "latest", config.sessionTimeout(), List.of(topics.alerts()), this::onAlerts, registry);
    }

    void start(@Observes StartupEvent start) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loop.stop();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alerts consumer").status(loop.healthy())
                .withData("problem", String.valueOf(loop.problem())).build();
    }

    private void onAlerts(ConsumerRecords<String, byte[]> records) throws Exception {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            dispatcher.dispatch(json.readValue(record.value(), AlertEvent.class), now);
        }
    }
}
