package dev.floorwatch.alert.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.messaging.AckedProducers;
import io.smallrye.common.annotation.Identifier;

/** The only writer of {@code floorwatch.alerts} (key {@code tenant:alertKey}); waits for Kafka's acknowledgement. */
@ApplicationScoped
public class AlertPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    public AlertPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics, ObjectMapper json) {
        this.producer = AckedProducers.create(kafka, "alert-service-alerts");
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
