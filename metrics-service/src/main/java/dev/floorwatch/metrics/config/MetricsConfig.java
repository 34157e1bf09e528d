package dev.floorwatch.metrics.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of metrics-service; the metric definitions' defaults are those of METRICS.md. */
@ConfigMapping(prefix = "floorwatch.metrics")
public interface MetricsConfig {

    /** Kafka consumer group of {@code floorwatch.events}; replicas share the partitions. */
    @WithDefault("metrics-service")
    String consumerGroup();

    /**
     * Consumer session timeout: how long a crashed replica's partitions wait before another
     * replica takes them over.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Most events taken from Kafka per poll (and so per Redis round of writes). */
    @WithDefault("1000")
    int maxPollRecords();

    /**
     * Groups of a poll's tenants applied side by side. One lane runs read, plan and write in
     * series, so Redis idles while this service plans and the other way round; two lanes overlap
     * them (docs/BENCHMARKS.md). A tenant is in one lane per poll, so its events stay in order.
     */
    @WithDefault("2")
    int applyLanes();

    /** How long history (started, ratings, first responses, trends) and ended conversations are kept. */
    @WithDefault("25h")
    Duration retention();

    /** Events older than this are acknowledged but do not move live state (EVENTS.md). */
    @WithDefault("24h")
    Duration staleAfter();

    /** A visitor is online while its last heartbeat is younger than this. */
    @WithDefault("90s")
    Duration visitorTtl();

    /** A queued conversation waiting longer than this is an SLA breach. */
    @WithDefault("60s")
    Duration queueSla();

    /** A visitor message unanswered longer than this makes the conversation unanswered. */
    @WithDefault("60s")
    Duration responseSla();

    /** First responses of this last stretch of time make the average and p90. */
    @WithDefault("30m")
    Duration firstResponseWindow();

    /** Max concurrency of an agent that never reported one. */
    @WithDefault("5")
    int defaultMaxConcurrency();

    /** Tags (lower case) that flag a conversation as risky; the tag names its category. */
    @WithDefault("risk,complaint,refund,fraud,exposure")
    List<String> riskTags();

    /** Channel groups of the overview (article §8): name → channels; defaults in application.properties. */
    Map<String, List<String>> channelGroups();

    /** Tenants with an event this recent are ticked every second (snapshots published). */
    @WithDefault("2h")
    Duration liveWindow();

    /**
     * Tenants ticked side by side. A tenant's tick waits on Redis most of its time, so this many
     * overlap their round trips; the Redis pool ({@code quarkus.redis.max-pool-size}) should match.
     */
    @WithDefault("32")
    int tickThreads();

    /** How long saved snapshots are kept. */
    @WithDefault("90d")
    Duration snapshotRetention();
}
