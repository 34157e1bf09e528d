package dev.floorwatch.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.floorwatch.testing.ConsumerGroups;
import dev.floorwatch.testing.ServiceProcess;

/**
 * The four services as processes on the test topics, each consumer group named for the suite
 * ({@code suffix}) so suites never share offsets, started and with partitions assigned.
 */
record FourServices(String suffix, ServiceProcess ingest, ServiceProcess metrics, ServiceProcess alerts,
        ServiceProcess notifier) implements AutoCloseable {

    static FourServices start(String suffix) throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess ingest = started(started, ServiceProcess.start("ingest-service", Map.of()));
            ServiceProcess alerts = started(started, ServiceProcess.start("alert-service",
                    Map.of("FLOORWATCH_ALERTS_CONSUMER_GROUP", "alert-service-" + suffix)));
            ServiceProcess notifier = started(started, ServiceProcess.start("notifier-service",
                    Map.of("FLOORWATCH_NOTIFIER_CONSUMER_GROUP", "notifier-" + suffix, "FLOORWATCH_NOTIFIER_ALLOW_LOOPBACK_HTTP", "true",
                            "FLOORWATCH_TOPICS_NOTIFICATIONS_DLQ", "floorwatch-test.notifications.dlq")));
            ServiceProcess metrics = started(started, ServiceProcess.start("metrics-service",
                    Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-" + suffix)));
            FourServices services = new FourServices(suffix, ingest, metrics, alerts, notifier);
            for (String group : List.of(services.metricsGroup(), services.alertSnapshotsGroup(), services.alertEventsGroup(),
                    "notifier-" + suffix)) {
                ConsumerGroups.awaitAssigned(group, Duration.ofSeconds(60));
            }
            return services;
        } catch (Exception | Error e) {
            started.forEach(ServiceProcess::close); // no process outlives a failed start
            throw e;
        }
    }

    private static ServiceProcess started(List<ServiceProcess> started, ServiceProcess service) {
        started.add(service);
        return service;
    }

    String metricsGroup() {
        return "metrics-" + suffix;
    }

    /** alert-service's threshold group on the snapshots topic. */
    String alertSnapshotsGroup() {
        return "alert-service-" + suffix;
    }

    /** alert-service's risk-matching group on the events topic. */
    String alertEventsGroup() {
        return "alert-service-" + suffix + "-events";
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[] { metrics, notifier, alerts, ingest }) {
            service.close();
        }
    }
}
