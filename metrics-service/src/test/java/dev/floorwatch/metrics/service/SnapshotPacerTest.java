package dev.floorwatch.metrics.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.support.SnapshotReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A change's snapshot leaves in the pacer's next round (100 ms) on the tenant's turn, the next
 * change's when that turn ends, and a change that a snapshot of another replica read after is not
 * published again. The tenants here are neither live nor watched, so the tick never publishes
 * them: every snapshot is the pacer's.
 */
@QuarkusTest
class SnapshotPacerTest {

    @Inject
    SnapshotPacer pacer;

    @Inject
    RedisDataSource redis;

    @Test
    void aChangeLeavesSoonAndChangesDuringItsTurnLeaveTogetherWhenItEnds() {
        String tenant = "pacer-" + UUID.randomUUID();
        try (SnapshotReader snapshots = new SnapshotReader()) {
            long changed = System.currentTimeMillis();
            pacer.changed(Set.of(tenant), changed);
            List<JsonNode> first = await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.of(tenant), s -> !s.isEmpty());
            long firstAt = at(first.get(0));
            assertTrue(firstAt >= changed, "the snapshot read the floor after the change");

            pacer.changed(Set.of(tenant), System.currentTimeMillis());
            pacer.changed(Set.of(tenant), System.currentTimeMillis());
            List<JsonNode> two = await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.of(tenant), s -> s.size() >= 2);
            assertTrue(at(two.get(1)) - firstAt >= 1_000, "at most one snapshot a second: " + two);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                    .until(() -> snapshots.of(tenant).size() == 2);
        }
    }

    @Test
    void aChangeThatAnotherReplicasSnapshotShowsIsNotPublishedAgain() {
        String tenant = "pacer-" + UUID.randomUUID();
        try (SnapshotReader snapshots = new SnapshotReader()) {
            long changed = System.currentTimeMillis();
            redis.execute("SET", MetricsKeys.snapshotTurn(tenant), Long.toString(changed + 1), "PXAT", Long.toString(changed + 1_001));
            pacer.changed(Set.of(tenant), changed);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> snapshots.of(tenant).isEmpty());
        }
    }

    @Test
    void aChangeAfterAnotherReplicasSnapshotLeavesWhenThatTurnEnds() {
        String tenant = "pacer-" + UUID.randomUUID();
        try (SnapshotReader snapshots = new SnapshotReader()) {
            long held = System.currentTimeMillis();
            redis.execute("SET", MetricsKeys.snapshotTurn(tenant), Long.toString(held), "PXAT", Long.toString(held + 1_000));
            pacer.changed(Set.of(tenant), held + 1);
            List<JsonNode> seen = await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.of(tenant), s -> !s.isEmpty());
            assertTrue(at(seen.get(0)) >= held + 1_000, "not before the other replica's turn ended: " + seen);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> snapshots.of(tenant).size() == 1);
        }
    }

    private static long at(JsonNode snapshot) {
        return Instant.parse(snapshot.get("at").asText()).toEpochMilli();
    }
}
