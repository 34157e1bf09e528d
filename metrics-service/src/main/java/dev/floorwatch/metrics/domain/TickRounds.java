package dev.floorwatch.metrics.domain;

/**
 * When the tick's rounds start: on a one-second grid. A round that runs past the next grid second
 * is followed at once by the next, and the grid moves there. A slow round thus delays the next
 * refresh by its overrun only (a skipped second would leave every tenant two seconds without one),
 * and no burst of rounds follows to catch up.
 */
public final class TickRounds {

    public static final long ROUND_MS = 1_000;

    private TickRounds() {
    }

    /** The start of the round after the one due at {@code due}, which ended at {@code now} (epoch ms). */
    public static long next(long due, long now) {
        return Math.max(due + ROUND_MS, now);
    }
}
