package dev.floorwatch.alert.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import io.smallrye.common.annotation.Identifier;

/** The only writer of {@code floorwatch.alerts} (key {@code tenant:alertKey}); waits for Kafka's acknowledgement. */
@ApplicationScoped
public class AlertPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    public AlertPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics, ObjectMapper json) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "alert-service-alerts");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = topics.alerts();
    }

    /** Publishes in order and returns when every event is acknowledged; throws otherwise. */
    public void publish(List<AlertEvent> events) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (AlertEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, event.kafkaKey(), json.writeValueAsBytes(event))));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(15, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
