package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void burstPassesThenTheRateHolds() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        assertEquals(0, bucket.tryTake(20, 0));
        long wait = bucket.tryTake(5, 0);
        assertEquals(SECOND / 2, wait, "5 tokens at 10/s take half a second");
        assertTrue(bucket.tryTake(5, SECOND / 2 - 1) > 0);
        assertEquals(0, bucket.tryTake(5, SECOND / 2));
    }

    @Test
    void refillNeverExceedsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        assertEquals(0, bucket.tryTake(20, 100 * SECOND));
        assertTrue(bucket.tryTake(1, 100 * SECOND) > 0);
    }

    @Test
    void requestLargerThanTheBurstPassesOnAFullBucketAndLeavesDebt() {
        TokenBucket bucket = new TokenBucket(100, 50, 0);
        assertEquals(0, bucket.tryTake(200, 0));
        // 150 tokens of debt plus 1 needed: 1.51 s at 100/s.
        assertEquals(1_510_000_000L, bucket.tryTake(1, 0));
    }

    @Test
    void limiterKeepsOneBucketPerTenant() {
        long[] now = { 0 };
        TenantRateLimiter limiter = new TenantRateLimiter(() -> now[0]);
        assertEquals(0, limiter.acquire("acme", 5, 5, 5));
        assertTrue(limiter.acquire("acme", 1, 5, 5) > 0);
        assertEquals(0, limiter.acquire("globex", 5, 5, 5), "another tenant has its own bucket");
        now[0] = SECOND / 5;
        assertEquals(0, limiter.acquire("acme", 1, 5, 5));
    }
}
