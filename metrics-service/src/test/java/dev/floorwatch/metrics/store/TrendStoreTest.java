package dev.floorwatch.metrics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.metrics.support.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/** The trend's minute maxima on the real Redis: many tenants raised in one round trip, each only upwards. */
@QuarkusTest
class TrendStoreTest {

    private static final long MINUTE = 29_000_000L;
    private static final Duration RETENTION = Duration.ofHours(1);

    @Inject
    TrendStore trends;

    @Test
    void eachTenantsMinuteIsRaisedToItsOwnMaxima() {
        String first = TestEvents.freshTenant();
        String second = TestEvents.freshTenant();

        trends.raiseAll(List.of(new TrendStore.Raise(first, MINUTE, 3, 40, 5), new TrendStore.Raise(second, MINUTE, 7, 2, 1)),
                RETENTION);
        // Another replica's lower values keep the maxima; a higher one raises only its own field.
        trends.raiseAll(List.of(new TrendStore.Raise(second, MINUTE, 1, 9, 0), new TrendStore.Raise(first, MINUTE, 2, 10, 6)),
                RETENTION);

        assertEquals(Map.of("queueLength", "3", "longestWaitSeconds", "40", "onlineAgents", "6"), trends.sample(first, MINUTE));
        assertEquals(Map.of("queueLength", "7", "longestWaitSeconds", "9", "onlineAgents", "1"), trends.sample(second, MINUTE));
        assertEquals(Map.of(), trends.sample(first, MINUTE + 1));
    }
}
