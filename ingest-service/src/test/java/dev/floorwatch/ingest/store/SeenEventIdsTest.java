package dev.floorwatch.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.redis.IdempotencyMarks;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * The idempotency marks ({@link IdempotencyMarks}, through ingest's use of them) on the real Redis:
 * exact answers across shards and generations, their layout and their cost.
 */
@QuarkusTest
class SeenEventIdsTest {

    // Long generations (100 days), so a test does not straddle a generation's start.
    private static final Duration WINDOW = Duration.ofDays(200);
    private static final long SPAN = WINDOW.toSeconds() / 2;

    @Inject
    SeenEventIds seen;

    @Inject
    RedisDataSource redis;

    @Test
    void everyRememberedIdIsSeenAndNoOtherAndTheyCostAboutTwentyBytes() {
        String tenant = TestTenants.freshId();
        List<String> remembered = ids("evt-", 3000);
        List<String> others = ids("other-", 3000);
        for (int from = 0; from < remembered.size(); from += 500) {
            seen.remember(tenant, remembered.subList(from, from + 500), WINDOW).await().indefinitely();
        }

        assertEquals(Set.copyOf(remembered), seen.alreadySeen(tenant, remembered, WINDOW).await().indefinitely());
        assertEquals(Set.of(), seen.alreadySeen(tenant, others, WINDOW).await().indefinitely());
        Set<String> mixed = seen.alreadySeen(tenant, List.of("evt-7", "other-7", "evt-2999"), WINDOW).await().indefinitely();
        assertEquals(Set.of("evt-7", "evt-2999"), mixed);

        long gen = generation();
        String namespace = "fw:{" + tenant + "}:ingest:marks:";
        assertEquals("4", redis.hash(String.class).hget(namespace, Long.toString(gen)), "a tenant without history starts with 16 shards");
        List<String> shards = redis.key().keys(namespace + gen + ":*");
        assertEquals(16, shards.size());
        assertEquals(3000, marksIn(namespace, gen));
        long bytes = 0;
        long expiresAt = (gen + 1) * SPAN + WINDOW.toSeconds();
        for (String shard : shards) {
            assertEquals("listpack", redis.execute("OBJECT", "ENCODING", shard).toString(), shard);
            assertEquals(expiresAt, redis.execute("EXPIRETIME", shard).toLong(), shard);
            bytes += redis.execute("MEMORY", "USAGE", shard).toLong();
        }
        assertTrue(bytes / 3000 <= 30, "bytes per mark: " + bytes / 3000.0);
    }

    @Test
    void marksOfEarlierGenerationsWithinTheWindowCountAndOlderOnesDoNot() {
        String tenant = TestTenants.freshId();
        String namespace = "fw:{" + tenant + "}:ingest:marks:";
        long gen = generation();
        // Marks as earlier generations left them, one shard each (k = 0).
        plant(namespace, gen - 2, "two-back");
        plant(namespace, gen - 3, "three-back");

        assertEquals(Set.of("two-back"), seen.alreadySeen(tenant, List.of("two-back", "three-back"), WINDOW).await().indefinitely());

        seen.remember(tenant, List.of("two-back", "three-back", "new"), WINDOW).await().indefinitely();
        // Already marked within the window, so not marked again; the one out of it is marked anew.
        assertEquals(2, marksIn(namespace, gen));
    }

    @Test
    void aGenerationTakesShardsForTheBusierOfItsPredecessors() {
        String tenant = TestTenants.freshId();
        String namespace = "fw:{" + tenant + "}:ingest:marks:";
        long gen = generation();
        // Earlier generations as their shard 0 shows them: 100 of 1,024 shards, 20 of 16.
        redis.hash(String.class).hset(namespace, Map.of(Long.toString(gen - 2), "10", Long.toString(gen - 1), "4"));
        IntStream.range(0, 100).forEach(i -> redis.hash(String.class).hset(namespace + (gen - 2) + ":0", "x" + i, ""));
        IntStream.range(0, 20).forEach(i -> redis.hash(String.class).hset(namespace + (gen - 1) + ":0", "y" + i, ""));

        List<String> ids = ids("busy-", 4000);
        seen.remember(tenant, ids, WINDOW).await().indefinitely();

        // About 102,400 marks at 64 a shard: 2^11 shards.
        assertEquals("11", redis.hash(String.class).hget(namespace, Long.toString(gen)));
        Set<String> shards = new HashSet<>(redis.key().keys(namespace + gen + ":*"));
        assertTrue(shards.size() > 1500 && shards.size() <= 2048, "shards used: " + shards.size());
        assertEquals(Set.copyOf(ids), seen.alreadySeen(tenant, ids, WINDOW).await().indefinitely());
    }

    private long marksIn(String namespace, long gen) {
        return redis.key().keys(namespace + gen + ":*").stream().mapToLong(shard -> redis.hash(String.class).hlen(shard)).sum();
    }

    private void plant(String namespace, long gen, String id) {
        redis.hash(String.class).hset(namespace, Long.toString(gen), "0");
        redis.getReactive().getRedis().send(Request.cmd(Command.HSET).arg(namespace + gen + ":0")
                .arg(IdempotencyMarks.fingerprint(id)).arg("")).await().indefinitely();
    }

    private long generation() {
        return redis.execute("TIME").get(0).toLong() / SPAN;
    }

    private static List<String> ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
