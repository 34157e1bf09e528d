package dev.floorwatch.ingest.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Event ids a tenant already had published, for dropping duplicates at the door:
 * {@code fw:{tenant}:ingest:seen:<id>} with the duplicate window as TTL. Ids are remembered only
 * after Kafka acknowledged them, so a request that failed with 503 can be retried.
 */
@ApplicationScoped
public class SeenEventIds {

    // One round trip for a whole batch; all keys share the tenant's hash slot.
    private static final String REMEMBER = """
            for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end
            return #KEYS""";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;

    public SeenEventIds(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class);
    }

    /** The ids among {@code ids} that were already published. */
    public Uni<Set<String>> alreadySeen(String tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] keys = ids.stream().map(id -> key(tenant, id)).toArray(String[]::new);
        return values.mget(keys).map(found -> {
            Set<String> seen = new HashSet<>();
            String prefix = key(tenant, "");
            found.forEach((key, value) -> {
                if (value != null) {
                    seen.add(key.substring(prefix.length()));
                }
            });
            return seen;
        });
    }

    public Uni<Void> remember(String tenant, Collection<String> ids, Duration window) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(ids.size() + 3);
        args.add(REMEMBER);
        args.add(Integer.toString(ids.size()));
        ids.forEach(id -> args.add(key(tenant, id)));
        args.add(Long.toString(window.toSeconds()));
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    private static String key(String tenant, String id) {
        return RedisKeys.tenantPrefix(tenant) + "ingest:seen:" + id;
    }
}
