package dev.floorwatch.ingest.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.redis.IdempotencyMarks;
import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Event ids a tenant already had published, for dropping duplicates at the door: idempotency
 * marks under {@code fw:{tenant}:ingest:marks:} kept for the duplicate window (layout in
 * {@link IdempotencyMarks}). Ids are remembered only after Kafka acknowledged them, so a request
 * that failed with 503 can be retried.
 */
@ApplicationScoped
public class SeenEventIds {

    // One round trip for a whole batch. KEYS[1], the namespace, pins the tenant's hash slot.
    private static final String SEEN = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[1], ARGV[1])
            local out = {}
            for i = 2, #ARGV do out[i - 1] = marks.seen(ARGV[i]) and 1 or 0 end
            return out""");

    private static final String REMEMBER = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[1], ARGV[1])
            for i = 2, #ARGV do marks.add(ARGV[i]) end
            return #ARGV - 1""");

    private final ReactiveRedisDataSource redis;

    public SeenEventIds(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The ids among {@code ids} that were already published within {@code window}. */
    public Uni<Set<String>> alreadySeen(String tenant, Collection<String> ids, Duration window) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> ordered = List.copyOf(ids);
        return redis.getRedis().send(script(SEEN, tenant, ordered, window)).map(found -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ordered.size(); i++) {
                if (found.get(i).toInteger() == 1) {
                    seen.add(ordered.get(i));
                }
            }
            return seen;
        });
    }

    public Uni<Void> remember(String tenant, Collection<String> ids, Duration window) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return redis.getRedis().send(script(REMEMBER, tenant, ids, window)).replaceWithVoid();
    }

    private static Request script(String lua, String tenant, Collection<String> ids, Duration window) {
        Request script = Request.cmd(Command.EVAL).arg(lua).arg(1).arg(RedisKeys.tenantPrefix(tenant) + "ingest:marks:")
                .arg(window.toSeconds());
        ids.forEach(id -> script.arg(IdempotencyMarks.fingerprint(id)));
        return script;
    }
}
