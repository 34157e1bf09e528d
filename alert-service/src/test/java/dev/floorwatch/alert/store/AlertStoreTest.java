package dev.floorwatch.alert.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The signal clocks of many tenants read in one round trip, on the real Redis. */
@QuarkusTest
class AlertStoreTest {

    private static final long NOW = 1_800_000_000_000L;

    @Inject
    AlertStore alerts;

    @Inject
    RedisDataSource redis;

    @Test
    void aTenantWithoutClockRulesDoesNotShiftTheOthersAnswers() {
        String p = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String q = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String r = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String silent = AlertStore.key(p, AlertStore.SignalClock.SILENT.key);
        redis.sortedSet(String.class).zadd(silent, NOW - 300_000, "p-old");
        redis.sortedSet(String.class).zadd(silent, NOW - 10_000, "p-new");
        redis.sortedSet(String.class).zadd(AlertStore.key(r, AlertStore.SignalClock.HIGH_VALUE_WAIT.key), NOW - 120_000, "r-vip");
        redis.sortedSet(String.class).zadd(AlertStore.key(r, AlertStore.SignalClock.SILENT.key), NOW - 200_000, "r-silent");
        redis.sortedSet(String.class).zadd(AlertStore.key(r, AlertStore.SignalClock.SILENT.key), NOW - 30 * 3_600_000L, "r-stale");

        List<List<List<String>>> due = alerts.dueOn(List.of(
                new AlertStore.DueRead(p, List.of(new AlertStore.DueQuery(AlertStore.SignalClock.SILENT, NOW - 180_000)), NOW),
                new AlertStore.DueRead(q, List.of(), NOW),
                new AlertStore.DueRead(r, List.of(new AlertStore.DueQuery(AlertStore.SignalClock.HIGH_VALUE_WAIT, NOW - 60_000),
                        new AlertStore.DueQuery(AlertStore.SignalClock.SILENT, NOW - 180_000)), NOW)), 200);

        assertEquals(List.of(List.of("p-old"), List.of(), List.of(List.of("r-vip"), List.of("r-silent"))),
                List.of(due.get(0).get(0), due.get(1), due.get(2)));
        assertEquals(List.of("r-silent"), redis.sortedSet(String.class).zrange(AlertStore.key(r, AlertStore.SignalClock.SILENT.key), 0, -1),
                "entries older than a day are dropped");
    }
}
