package dev.floorwatch.metrics.domain;

import dev.floorwatch.common.tenancy.RedisKeys;

/**
 * metrics-service's Redis keys, all under the tenant prefix {@code fw:{t}:m:} (layout in
 * docs/architecture.md). Index keys ({@link IndexEntry#key()}) are relative to {@link #prefix}.
 */
public final class MetricsKeys {

    /** Global ZSET tenant → last event time: which tenants to tick. */
    public static final String LIVE_TENANTS = RedisKeys.LIVE_TENANTS;
    /** Pub/sub channel where a replica announces the tenants a batch changed. */
    public static final String CHANGES_CHANNEL = "fw:m:changed";

    private MetricsKeys() {
    }

    public static String prefix(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "m:";
    }

    /** STRING: raised by every apply of the tenant's events, see {@link BatchedReads}. */
    public static String version(String tenant) {
        return prefix(tenant) + "ver";
    }

    public static String conversation(String tenant, String id) {
        return prefix(tenant) + "c:" + id;
    }

    public static String visitor(String tenant, String id) {
        return prefix(tenant) + "v:" + id;
    }

    public static String agent(String tenant, String id) {
        return prefix(tenant) + "a:" + id;
    }

    /** Namespace of the idempotency marks of applied events (layout in {@code IdempotencyMarks}). */
    public static String marks(String tenant) {
        return prefix(tenant) + "marks:";
    }

    public static String index(String tenant, String relative) {
        return prefix(tenant) + relative;
    }

    /** HASH minute of the hour → gauges' maxima, see {@code TrendStore}. */
    public static String trend(String tenant, long epochHour) {
        return prefix(tenant) + "trend:" + epochHour;
    }

    public static String snapshot(String tenant, String id) {
        return prefix(tenant) + "snap:" + id;
    }

    public static String snapshots(String tenant) {
        return prefix(tenant) + "snaps";
    }

    /**
     * STRING until a {@link SnapshotTurns#TURN_MS} after its value: when the tenant's last snapshot
     * read the floor (epoch ms). Whoever sets it publishes, on any replica: at most one snapshot a second.
     */
    public static String snapshotTurn(String tenant) {
        return prefix(tenant) + "turn";
    }

    /** STRING: which replica ticks the tenants of {@code shard} (see {@link TickShards}) this second. */
    public static String tickClaim(int shard, long epochSecond) {
        return "fw:m:tick:" + shard + ":" + epochSecond;
    }
}
