package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SnapshotIdsTest {

    private static final Instant STARTS = Instant.parse("2026-11-26T10:15:30.250Z");

    @Test
    void everyTransitionOfOneAlertNamesTheSameSnapshot() {
        assertEquals(SnapshotIds.forAlert("queue-wait-critical", STARTS), SnapshotIds.forAlert("queue-wait-critical", STARTS));
    }

    @Test
    void anotherAlertOrAnotherFiringNamesAnotherSnapshot() {
        String id = SnapshotIds.forAlert("queue-wait-critical", STARTS);
        assertNotEquals(id, SnapshotIds.forAlert("queue-wait-warning", STARTS));
        assertNotEquals(id, SnapshotIds.forAlert("queue-wait-critical", STARTS.plusSeconds(600)));
    }

    @Test
    void theIdIsSafeInAPathAndSortsByTime() {
        String id = SnapshotIds.forAlert("complaint-words|conversation=c 1", STARTS);
        assertTrue(id.matches("20261126T101530250Z-[0-9a-f]{8}"), id);
    }
}
