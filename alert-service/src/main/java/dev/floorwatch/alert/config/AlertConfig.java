package dev.floorwatch.alert.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of alert-service. */
@ConfigMapping(prefix = "floorwatch.alerts")
public interface AlertConfig {

    /** Consumer group of {@code floorwatch.snapshots}: a tenant's snapshots are one partition, so one replica evaluates it. */
    @WithDefault("alert-service")
    String consumerGroup();

    /** How long a crashed replica's partitions wait before another replica takes them over. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Threads matching a poll's events in parallel by conversation; as many again publish tenants' outboxes. */
    @WithDefault("4")
    int evaluationThreads();

    /** How long alert transitions are kept for {@code GET /alerts}. */
    @WithDefault("7d")
    Duration historyRetention();
}
