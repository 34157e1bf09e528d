package dev.floorwatch.notifier.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.notifier.domain.Delivery;
import io.smallrye.common.annotation.Identifier;

/** The only writer of {@code floorwatch.notifications.dlq}: a message that failed for good, with its alerts. */
@ApplicationScoped
public class DeadLetters {

    /** What a dead letter says (key {@code tenant:receiver}). */
    public record DeadLetter(int schema, String tenant, Delivery delivery, List<AlertEvent> alerts) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics, ObjectMapper json) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "notifier-service-dlq");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = topics.notificationsDlq();
    }

    /** Returns when Kafka has it; throws otherwise (the message stays pending and is tried again). */
    public void publish(String tenant, Delivery delivery, List<AlertEvent> alerts) throws Exception {
        producer.send(new ProducerRecord<>(topic, tenant + ":" + delivery.receiver(),
                json.writeValueAsBytes(new DeadLetter(1, tenant, delivery, alerts)))).get(15, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
