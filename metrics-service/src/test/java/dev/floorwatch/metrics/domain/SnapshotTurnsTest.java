package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapshotTurnsTest {

    @Test
    void aSnapshotCoversTheChangesAppliedBeforeItRead() {
        assertTrue(SnapshotTurns.covers(1_000, 1_000));
        assertTrue(SnapshotTurns.covers(1_001, 1_000));
        assertFalse(SnapshotTurns.covers(999, 1_000));
    }

    @Test
    void theNextTryIsWhenTheTurnEndsInRedis() {
        assertEquals(11_000 + SnapshotTurns.SLACK_MS, SnapshotTurns.retryAt(10_000, 10_300));
    }

    @Test
    void aTurnThatShouldHaveEndedIsTriedAgainSoon() {
        // Our clock says the turn is over; Redis's clock is a little behind.
        assertEquals(12_000 + SnapshotTurns.SLACK_MS, SnapshotTurns.retryAt(10_000, 12_000));
    }
}
