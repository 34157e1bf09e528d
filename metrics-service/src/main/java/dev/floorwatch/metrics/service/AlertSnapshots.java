package dev.floorwatch.metrics.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.SavedSnapshot;
import dev.floorwatch.metrics.store.SnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Saves the overview when an alert fires (METRICS.md "Saved snapshots"), under the id the alert
 * event already carries: metrics-service stays the one writer of saved snapshots, and the alert
 * can name its snapshot before it exists. Saved once per id, so a re-read alert changes nothing.
 */
@ApplicationScoped
public class AlertSnapshots {

    private final ReadModelService reads;
    private final SnapshotStore snapshots;
    private final MetricsConfig config;
    private final MeterRegistry registry;

    public AlertSnapshots(ReadModelService reads, SnapshotStore snapshots, MetricsConfig config, MeterRegistry registry) {
        this.reads = reads;
        this.snapshots = snapshots;
        this.config = config;
        this.registry = registry;
    }

    public static boolean wanted(AlertEvent alert) {
        return "firing".equals(alert.state()) && alert.snapshotId() != null && !alert.snapshotId().isBlank();
    }

    public void save(AlertEvent alert) {
        if (snapshots.exists(alert.tenant(), alert.snapshotId())) {
            return;
        }
        long now = System.currentTimeMillis();
        String label = alert.name() + " · " + alert.key();
        SavedSnapshot snapshot = new SavedSnapshot(alert.snapshotId(), Instant.ofEpochMilli(now).toString(), label, "alert",
                reads.overview(alert.tenant(), now));
        if (snapshots.saveOnce(alert.tenant(), snapshot, now, config.snapshotRetention())) {
            registry.counter("floorwatch.metrics.snapshots.saved", "by", "alert").increment();
        }
    }
}
