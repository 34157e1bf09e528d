package dev.floorwatch.metrics.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.floorwatch.common.messaging.KafkaConnection;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.metrics.domain.OverviewJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The only writer of {@code floorwatch.snapshots}: the overview of a tenant, keyed by tenant, at
 * most once a second ({@code SnapshotPacer} decides). Fire-and-forget: a lost snapshot is
 * replaced a second later.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Counter published;

    public SnapshotPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            MeterRegistry registry) {
        Map<String, Object> settings = new HashMap<>();
        settings.putAll(KafkaConnection.settings(kafka));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "metrics-service-snapshots");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.topic = topics.snapshots();
        this.published = Counter.builder("floorwatch.metrics.snapshots.published").register(registry);
    }

    /** Publishes the overview as the JSON its streams were sent (written once for both). */
    public void publish(OverviewJson overview) {
        String tenant = overview.overview().tenant();
        try {
            producer.send(new ProducerRecord<>(topic, tenant, overview.json().getBytes(StandardCharsets.UTF_8)), (meta, error) -> {
                if (error != null) {
                    LOG.debugf("snapshot of %s not published: %s", tenant, error.toString());
                } else {
                    published.increment();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("snapshot of %s not published: %s", tenant, e.toString());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
