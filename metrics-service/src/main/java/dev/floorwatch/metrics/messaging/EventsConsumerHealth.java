package dev.floorwatch.metrics.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while events cannot be applied (for example, Redis is down): numbers would go stale. */
@Readiness
@ApplicationScoped
public class EventsConsumerHealth implements HealthCheck {

    private final EventsConsumer consumer;

    public EventsConsumerHealth(EventsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("floorwatch.events consumer");
        return consumer.healthy() ? response.up().build()
                : response.down().withData("problem", String.valueOf(consumer.problem())).build();
    }
}
