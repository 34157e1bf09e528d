package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TickShardsTest {

    private final List<String> tenants = IntStream.range(0, 500).mapToObj(i -> "tenant-" + i).toList();

    @Test
    void everyTenantIsInExactlyOneShardAndAShardHoldsOnlyItsOwn() {
        List<List<String>> shards = TickShards.split(tenants, 0);

        List<String> all = new ArrayList<>();
        shards.forEach(all::addAll);
        assertEquals(tenants.size(), all.size());
        assertEquals(tenants.stream().sorted().toList(), all.stream().sorted().toList());
        for (List<String> shard : shards) {
            assertTrue(shard.stream().allMatch(t -> TickShards.of(t) == TickShards.of(shard.get(0))), "mixed shard " + shard);
        }
        assertTrue(shards.size() > TickShards.COUNT / 2, "500 tenants spread over most shards: " + shards.size());
    }

    @Test
    void replicasWithDifferentOffsetsReachForDifferentShardsFirst() {
        int first = TickShards.of(TickShards.split(tenants, 0).get(0).get(0));
        int firstFromHalfway = TickShards.of(TickShards.split(tenants, TickShards.COUNT / 2).get(0).get(0));

        assertTrue(first < TickShards.COUNT / 2, "offset 0 starts at the low shards: " + first);
        assertTrue(firstFromHalfway >= TickShards.COUNT / 2, "offset 32 starts at shard 32 or later: " + firstFromHalfway);
    }
}
