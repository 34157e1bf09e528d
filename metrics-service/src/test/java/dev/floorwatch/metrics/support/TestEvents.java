package dev.floorwatch.metrics.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.floorwatch.common.events.EventEnvelope;

/**
 * Writes canonical events straight to the test events topic, as ingest-service would, for tests
 * that need to deliver the same record twice or out of order (things ingest itself never does).
 */
public final class TestEvents implements AutoCloseable {

    public static final String TOPIC = "floorwatch-test.events";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    public static String freshTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The events re-stamped for {@code tenant}. */
    public static List<EventEnvelope> forTenant(List<EventEnvelope> events, String tenant) {
        return events.stream().map(e -> new EventEnvelope(e.schema(), e.id(), tenant, e.type(), e.occurredAt(),
                e.receivedAt(), e.channel(), e.conversationId(), e.visitorId(), e.agentId(), e.skillGroup(), e.data())).toList();
    }

    public void send(List<EventEnvelope> events) {
        try {
            for (EventEnvelope event : events) {
                producer.send(new ProducerRecord<>(TOPIC, event.kafkaKey(), JSON.writeValueAsString(event)));
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
