package dev.floorwatch.ingest.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Chatwoot agent polling's state: SET {@code fw:sources:chatwoot-polling} of the tenants that poll,
 * HASH {@code fw:{tenant}:chatwoot:agents} (agent id → last status seen) and a per-round lock
 * {@code fw:{tenant}:chatwoot:poll} so that one replica polls a tenant per round.
 */
@ApplicationScoped
public class ChatwootAgentStatuses {

    static final String POLLING = "fw:sources:chatwoot-polling";

    private static final String REPLACE = """
            redis.call('DEL', KEYS[1])
            for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1""";

    private final ReactiveRedisDataSource redis;

    public ChatwootAgentStatuses(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Void> setPolling(String tenant, boolean polling) {
        return (polling ? redis.set(String.class).sadd(POLLING, tenant) : redis.set(String.class).srem(POLLING, tenant))
                .replaceWithVoid();
    }

    public Uni<Set<String>> pollingTenants() {
        return redis.set(String.class).smembers(POLLING);
    }

    /** True when this replica may poll the tenant this round (the first to claim it). */
    public Uni<Boolean> claimRound(String tenant, Duration round) {
        return redis.execute("SET", RedisKeys.tenantPrefix(tenant) + "chatwoot:poll", "1", "NX", "PX",
                Long.toString(round.toMillis())).map(reply -> reply != null && "OK".equals(reply.toString()));
    }

    public Uni<Map<String, String>> known(String tenant) {
        return redis.hash(String.class).hgetall(key(tenant));
    }

    public Uni<Void> replace(String tenant, Map<String, String> statuses) {
        List<String> args = new ArrayList<>();
        args.add(REPLACE);
        args.add("1");
        args.add(key(tenant));
        statuses.forEach((agent, status) -> {
            args.add(agent);
            args.add(status);
        });
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    private static String key(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "chatwoot:agents";
    }
}
