package dev.floorwatch.common.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer every service's own topic is written with (alerts, dead letters): acknowledged by
 * all in-sync replicas, idempotent, no lingering (a few records at a time, and latency counts),
 * and bounded waits so a broker outage is an error the caller sees, not a hang.
 */
public final class AckedProducers {

    private AckedProducers() {
    }

    /** {@code kafka}: the installation's Kafka settings (see {@link KafkaConnection}). */
    public static KafkaProducer<String, byte[]> create(Map<String, Object> kafka, String clientId) {
        Map<String, Object> settings = KafkaConnection.settings(kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }
}
