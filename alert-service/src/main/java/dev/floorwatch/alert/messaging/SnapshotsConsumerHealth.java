package dev.floorwatch.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while snapshots cannot be evaluated (Redis or Kafka trouble): alerts would be late. */
@Readiness
@ApplicationScoped
public class SnapshotsConsumerHealth implements HealthCheck {

    private final SnapshotsConsumer consumer;

    public SnapshotsConsumerHealth(SnapshotsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("floorwatch.snapshots consumer").status(consumer.healthy()).build();
    }
}
