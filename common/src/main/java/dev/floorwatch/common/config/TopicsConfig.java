package dev.floorwatch.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Kafka topic names of EVENTS.md; configurable, with the contract's names as defaults. */
@ConfigMapping(prefix = "floorwatch.topics")
public interface TopicsConfig {

    /** Canonical events, written by ingest-service only. */
    @WithDefault("floorwatch.events")
    String events();

    /** Overviews, at most one per second per tenant, written by metrics-service only. */
    @WithDefault("floorwatch.snapshots")
    String snapshots();

    /** Alert state changes, written by alert-service only. */
    @WithDefault("floorwatch.alerts")
    String alerts();

    /** Notifications that failed for good, written by notifier-service only. */
    @WithDefault("floorwatch.notifications.dlq")
    String notificationsDlq();
}
