package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tick's unit of claim: tenants fall into a fixed number of shards by their id, and a replica
 * claims a whole shard for a second before it ticks the shard's tenants. One claim per shard
 * instead of one per tenant; replicas still share the work, claiming shard by shard as they go.
 */
public final class TickShards {

    public static final int COUNT = 64;

    private TickShards() {
    }

    public static int of(String tenant) {
        return Math.floorMod(tenant.hashCode(), COUNT);
    }

    /**
     * {@code tenants} by shard, shards in the order this replica claims them: starting at {@code offset}
     * (per replica), so replicas starting a second together first reach for different shards.
     */
    public static List<List<String>> split(Iterable<String> tenants, int offset) {
        Map<Integer, List<String>> byShard = new LinkedHashMap<>();
        for (String tenant : tenants) {
            byShard.computeIfAbsent(of(tenant), s -> new ArrayList<>()).add(tenant);
        }
        List<List<String>> ordered = new ArrayList<>(byShard.size());
        for (int i = 0; i < COUNT; i++) {
            List<String> shard = byShard.get(Math.floorMod(offset + i, COUNT));
            if (shard != null) {
                ordered.add(shard);
            }
        }
        return ordered;
    }
}
