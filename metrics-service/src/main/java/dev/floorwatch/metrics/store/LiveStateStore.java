package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.metrics.domain.Agent;
import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.domain.Conversation;
import dev.floorwatch.metrics.domain.LiveView;
import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.Visitor;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * The tenant's live state in Redis (key layout in docs/architecture.md). Writes go through one
 * Lua script per tenant and batch: each event's commands run only if its idempotency mark was
 * not set yet, in the same atomic step, so a redelivered or replayed event never counts twice.
 * Blocking API: called from the consumer thread and worker threads.
 */
@ApplicationScoped
public class LiveStateStore {

    /**
     * ARGV: ttl, n events, then per event: seen key, n ops, per op: argc, command, args…; then
     * n housekeeping ops in the same op shape. KEYS[1] pins the tenant's hash slot.
     */
    private static final String APPLY = """
            local i = 1
            local ttl = ARGV[i]; i = i + 1
            local events = tonumber(ARGV[i]); i = i + 1
            local applied = 0
            for e = 1, events do
              local seen = ARGV[i]; i = i + 1
              local nops = tonumber(ARGV[i]); i = i + 1
              local fresh = redis.call('SET', seen, '1', 'NX', 'EX', ttl)
              if fresh then applied = applied + 1 end
              for o = 1, nops do
                local argc = tonumber(ARGV[i]); i = i + 1
                if fresh then redis.call(unpack(ARGV, i, i + argc - 1)) end
                i = i + argc
              end
            end
            local tail = tonumber(ARGV[i]); i = i + 1
            for o = 1, tail do
              local argc = tonumber(ARGV[i]); i = i + 1
              redis.call(unpack(ARGV, i, i + argc - 1))
              i = i + argc
            end
            return applied""";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;

    public LiveStateStore(RedisDataSource redis, ReactiveRedisDataSource reactive) {
        this.redis = redis;
        this.reactive = reactive;
    }

    public LiveView view() {
        return new RedisLiveView(redis);
    }

    /** The ids among {@code eventIds} whose effects are already in Redis. */
    public Set<String> alreadyApplied(String tenant, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = List.copyOf(eventIds);
        Map<String, String> found = redis.value(String.class)
                .mget(ids.stream().map(id -> MetricsKeys.seen(tenant, id)).toArray(String[]::new));
        Set<String> applied = new HashSet<>();
        for (String id : ids) {
            if (found.get(MetricsKeys.seen(tenant, id)) != null) {
                applied.add(id);
            }
        }
        return applied;
    }

    /** Loads the stored states of the subjects, in parallel (reads do not need ordering). */
    public ApplyPlanner.Loaded load(String tenant, ApplyPlanner.Subjects subjects) {
        var conversations = loadAll(subjects.conversations(), id -> MetricsKeys.conversation(tenant, id), Conversation::fromHash);
        var visitors = loadAll(subjects.visitors(), id -> MetricsKeys.visitor(tenant, id), Visitor::fromHash);
        var agents = loadAll(subjects.agents(), id -> MetricsKeys.agent(tenant, id), Agent::fromHash);
        return new ApplyPlanner.Loaded(conversations, visitors, agents);
    }

    private <T> Map<String, T> loadAll(Set<String> ids, java.util.function.Function<String, String> key,
            BiFunction<String, Map<String, String>, T> parse) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> order = List.copyOf(ids);
        List<Uni<Map<String, String>>> reads = order.stream().map(id -> reactive.hash(String.class).hgetall(key.apply(id))).toList();
        List<Map<String, String>> hashes = Uni.join().all(reads).andFailFast().await().atMost(Duration.ofSeconds(10));
        Map<String, T> states = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            states.put(order.get(i), parse.apply(order.get(i), hashes.get(i)));
        }
        return states;
    }

    /** Applies a tenant's plan in one atomic script; answers how many events took effect now. */
    public int apply(ApplyPlanner.TenantPlan plan, Duration seenTtl) {
        if (plan.events().isEmpty() && plan.housekeeping().isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>();
        args.add(APPLY);
        args.add("1");
        args.add(MetricsKeys.prefix(plan.tenant()) + "slot");
        args.add(Long.toString(seenTtl.toSeconds()));
        args.add(Integer.toString(plan.events().size()));
        for (ApplyPlanner.EventPlan event : plan.events()) {
            args.add(event.seenKey());
            args.add(Integer.toString(event.ops().size()));
            event.ops().forEach(op -> addOp(args, op));
        }
        args.add(Integer.toString(plan.housekeeping().size()));
        plan.housekeeping().forEach(op -> addOp(args, op));
        return redis.execute("EVAL", args.toArray(String[]::new)).toInteger();
    }

    private static void addOp(List<String> args, ApplyPlanner.RedisOp op) {
        args.add(Integer.toString(op.args().size()));
        args.addAll(op.args());
    }

    /** Records that these tenants just had events (they are ticked while live) and tells every replica. */
    public void touched(Map<String, Long> lastEventByTenant) {
        if (lastEventByTenant.isEmpty()) {
            return;
        }
        Map<String, Double> scores = new HashMap<>();
        lastEventByTenant.forEach((tenant, at) -> scores.put(tenant, (double) at));
        redis.sortedSet(String.class).zadd(MetricsKeys.LIVE_TENANTS, scores);
        var pubsub = redis.pubsub(String.class);
        lastEventByTenant.keySet().forEach(tenant -> pubsub.publish(MetricsKeys.CHANGES_CHANNEL, tenant));
    }

    /** Tenants that had an event since {@code since} (epoch ms). */
    public List<String> liveTenants(long since) {
        return redis.sortedSet(String.class).zrangebyscore(MetricsKeys.LIVE_TENANTS,
                new io.quarkus.redis.datasource.sortedset.ScoreRange<>((double) since, null));
    }

    /** True for exactly one caller per tenant and second, across replicas. */
    public boolean claimTick(String tenant, long epochSecond) {
        var answer = redis.execute("SET", MetricsKeys.tickLock(tenant, epochSecond), "1", "NX", "EX", "5");
        return answer != null && "OK".equals(answer.toString());
    }
}
