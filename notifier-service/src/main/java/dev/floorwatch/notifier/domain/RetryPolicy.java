package dev.floorwatch.notifier.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for retryable failures (NOTIFY.md): the first retry after about
 * {@code first}, doubling per attempt up to {@code max}; each delay is drawn from its upper half, so
 * many receivers failing together (a vendor outage) do not retry in lockstep.
 */
public record RetryPolicy(Duration first, Duration max, Duration giveUpAfter) {

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failures (≥ 1). */
    public long delayMillis(int attempt, RandomGenerator random) {
        double ceiling = Math.min(max.toMillis(), first.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        return (long) (ceiling / 2 + random.nextDouble() * ceiling / 2);
    }

    /** Whether retrying has gone on long enough: the message is failed for good. */
    public boolean exhausted(long firstAttemptAt, long now) {
        return firstAttemptAt > 0 && now - firstAttemptAt >= giveUpAfter.toMillis();
    }
}
