package dev.floorwatch.notifier.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.messaging.AckedProducers;
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
        this.producer = AckedProducers.create(kafka, "notifier-service-dlq");
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
