package dev.floorwatch.metrics.domain;

/**
 * Paces a tenant's snapshots: at most one a {@link #TURN_MS}, as EVENTS.md allows, yet a change
 * need not wait for the tick when the floor's last snapshot is a second old. Whoever publishes
 * holds the tenant's turn (a Redis key shared by every replica, until a {@link #TURN_MS} after its
 * read) and notes in it when it read the floor. A change made before that read is covered by that
 * snapshot; a later one waits for the turn to end, then takes it.
 */
public final class SnapshotTurns {

    public static final long TURN_MS = 1_000;
    /** Past the turn's end by our clock, for a Redis clock a little behind it. */
    static final long SLACK_MS = 5;

    private SnapshotTurns() {
    }

    /** Whether a snapshot that read the floor at {@code readAt} shows a change applied by {@code changedAt}. */
    public static boolean covers(long readAt, long changedAt) {
        return readAt >= changedAt;
    }

    /** When to try again for a turn held since {@code heldSince} (a read time), at {@code now} (epoch ms). */
    public static long retryAt(long heldSince, long now) {
        return Math.max(heldSince + TURN_MS, now) + SLACK_MS;
    }
}
