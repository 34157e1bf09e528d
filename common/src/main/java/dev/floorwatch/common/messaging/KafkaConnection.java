package dev.floorwatch.common.messaging;

import java.util.HashMap;
import java.util.Map;

/**
 * How every Kafka client of Floorwatch reaches the brokers: the bootstrap servers and the security
 * settings (TLS, SASL) of the installation's {@code kafka.*} configuration — what Quarkus hands out
 * as the {@code default-kafka-broker} map — and nothing else, so each client keeps its own tuning.
 * In production they come from {@code FLOORWATCH_KAFKA_SECURITY_PROTOCOL}, {@code _SASL_MECHANISM}
 * and {@code _SASL_JAAS_CONFIG} (docs/deploy.md).
 */
public final class KafkaConnection {

    private KafkaConnection() {
    }

    public static Map<String, Object> settings(Map<String, Object> kafka) {
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (name.equals("bootstrap.servers") || name.equals("security.protocol") || name.startsWith("sasl.")
                    || name.startsWith("ssl.")) {
                settings.put(name, value);
            }
        });
        return settings;
    }
}
