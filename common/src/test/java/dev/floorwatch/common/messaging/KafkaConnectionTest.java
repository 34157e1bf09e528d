package dev.floorwatch.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void everyClientGetsTheBrokersAndTheSecurityButNotAnotherClientsTuning() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "kafka-0:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "org.apache.kafka…ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12", "default.api.timeout.ms", "3000", "linger.ms", "5");
        assertEquals(Map.of("bootstrap.servers", "kafka-0:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "org.apache.kafka…ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12"), KafkaConnection.settings(kafka));
    }
}
