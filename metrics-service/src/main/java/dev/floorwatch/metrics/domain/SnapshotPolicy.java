package dev.floorwatch.metrics.domain;

/**
 * When the tick publishes a tenant's overview to {@code floorwatch.snapshots}. Every second while
 * anything on the floor runs on a clock — an open conversation (waits, unanswered and silent-agent
 * clocks), a queue — and whenever a number changed. An empty floor whose numbers did not move is
 * published every {@link #QUIET_EVERY_MS}: only its hour windows age, and rule durations and
 * repeats on it are checked that often. At a thousand quiet tenants this is most of the snapshots
 * alert-service would otherwise evaluate to the same result.
 */
public final class SnapshotPolicy {

    public static final long QUIET_EVERY_MS = 5_000;

    private SnapshotPolicy() {
    }

    /** {@code last} is the overview last published for the tenant, {@code null} if none. */
    public static boolean due(Overview now, Overview last, long sinceLastMs) {
        return last == null || sinceLastMs >= QUIET_EVERY_MS || clocked(now) || !sameNumbers(now, last);
    }

    /** Something on the floor whose numbers move with time alone. */
    static boolean clocked(Overview overview) {
        return overview.traffic().openConversations() > 0 || overview.queue().length() > 0
                || overview.response().unanswered() > 0;
    }

    /** The same floor, whatever the time of each. */
    static boolean sameNumbers(Overview a, Overview b) {
        return a.equals(b.at(a.at()));
    }
}
