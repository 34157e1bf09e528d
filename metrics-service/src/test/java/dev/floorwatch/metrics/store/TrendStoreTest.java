package dev.floorwatch.metrics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.support.TestEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The trend's minute maxima on the real Redis: many tenants raised in one round trip, each only upwards. */
@QuarkusTest
class TrendStoreTest {

    private static final long MINUTE = 29_000_000L;
    private static final Duration RETENTION = Duration.ofHours(1);

    @Inject
    TrendStore trends;

    @Inject
    RedisDataSource redis;

    @Test
    void eachTenantsMinuteIsRaisedToItsOwnMaxima() {
        String first = TestEvents.freshTenant();
        String second = TestEvents.freshTenant();

        trends.raiseAll(List.of(new TrendStore.Raise(first, MINUTE, 3, 40, 5), new TrendStore.Raise(second, MINUTE, 7, 2, 1)),
                RETENTION);
        // Another replica's lower values keep the maxima; a higher one raises only its own field.
        trends.raiseAll(List.of(new TrendStore.Raise(second, MINUTE, 1, 9, 0), new TrendStore.Raise(first, MINUTE, 2, 10, 6)),
                RETENTION);

        assertEquals(Map.of(MINUTE, new TrendStore.Gauges(3, 40, 6)), trends.minutes(first, MINUTE - 5, MINUTE + 5));
        assertEquals(Map.of(MINUTE, new TrendStore.Gauges(7, 9, 1)), trends.minutes(second, MINUTE, MINUTE));
        assertEquals(Map.of(), trends.minutes(first, MINUTE + 1, MINUTE + 30));
    }

    @Test
    void anHourIsOneSmallHashAndARangeReadsAcrossHours() {
        String tenant = TestEvents.freshTenant();
        long lastOfHour = (MINUTE / 60) * 60 + 59;
        trends.raiseAll(List.of(new TrendStore.Raise(tenant, lastOfHour - 1, 1, 1, 1), new TrendStore.Raise(tenant, lastOfHour, 2, 2, 2),
                new TrendStore.Raise(tenant, lastOfHour + 1, 3, 3, 3), new TrendStore.Raise(tenant, lastOfHour + 2, 4, 4, 4)), RETENTION);

        assertEquals(Map.of(lastOfHour, new TrendStore.Gauges(2, 2, 2), lastOfHour + 1, new TrendStore.Gauges(3, 3, 3)),
                trends.minutes(tenant, lastOfHour, lastOfHour + 1));
        String hour = MetricsKeys.trend(tenant, MINUTE / 60);
        assertEquals(2L, redis.hash(String.class).hlen(hour));
        assertEquals("listpack", redis.execute("OBJECT", "ENCODING", hour).toString());
    }
}
