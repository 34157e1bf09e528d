package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(1));

    @Test
    void delaysDoubleWithJitterInTheUpperHalfAndStopGrowingAtTheMaximum() {
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 20; attempt++) {
            long ceiling = Math.min(300_000, 1_000L << Math.min(attempt - 1, 30));
            for (int i = 0; i < 100; i++) {
                long delay = policy.delayMillis(attempt, random);
                assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
            }
        }
    }

    @Test
    void retryingEndsAfterTheGiveUpTime() {
        assertFalse(policy.exhausted(0, 10_000_000), "no attempt yet");
        assertFalse(policy.exhausted(1_000, 1_000 + 3_599_999));
        assertTrue(policy.exhausted(1_000, 1_000 + 3_600_000));
    }
}
