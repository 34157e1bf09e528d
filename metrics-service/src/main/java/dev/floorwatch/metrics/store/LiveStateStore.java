package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.redis.IdempotencyMarks;
import dev.floorwatch.common.redis.RedisBatches;
import dev.floorwatch.metrics.domain.Agent;
import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.domain.BatchedReads;
import dev.floorwatch.metrics.domain.Conversation;
import dev.floorwatch.metrics.domain.LiveView;
import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.SnapshotTurns;
import dev.floorwatch.metrics.domain.Visitor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The tenant's live state in Redis (key layout in docs/architecture.md). Writes go through one
 * Lua script per tenant and batch: each event's commands run only if it had no idempotency mark
 * yet ({@link IdempotencyMarks}), set in the same atomic step, so a redelivered or replayed event
 * never counts twice. Blocking API: called from the consumer thread and worker threads.
 */
@ApplicationScoped
public class LiveStateStore {

    /**
     * KEYS[1]: the tenant's live state version, raised in the same atomic step (readers that saw
     * a version know nothing changed while it stays); KEYS[2]: the marks' namespace. ARGV: mark
     * window, n events, then per event: fingerprint, n ops, per op: argc, command, args…; then n
     * housekeeping ops in the same op shape.
     */
    private static final String APPLY = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[2], ARGV[1])
            local i = 2
            local events = tonumber(ARGV[i]); i = i + 1
            local applied = 0
            for e = 1, events do
              local fresh = marks.add(ARGV[i]); i = i + 1
              local nops = tonumber(ARGV[i]); i = i + 1
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
            redis.call('INCR', KEYS[1])
            return applied""");

    private final RedisDataSource redis;

    public LiveStateStore(RedisDataSource redis) {
        this.redis = redis;
    }

    public LiveView view() {
        return new RedisLiveView(redis);
    }

    /** What a poll needs to know before planning: which events took effect already, and the states they touch. */
    public record Read(Set<String> applied, ApplyPlanner.Loaded loaded) {
    }

    /** One tenant's part of a poll: its events' ids and the subjects they touch. */
    public record ReadRequest(String tenant, List<String> eventIds, ApplyPlanner.Subjects subjects) {
    }

    /** KEYS[1]: the marks' namespace, then state hashes; ARGV: mark window, then the events' fingerprints. */
    private static final String READ = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[1], ARGV[1])
            local out = {}
            for i = 2, #ARGV do out[#out + 1] = marks.seen(ARGV[i]) and 1 or 0 end
            for i = 2, #KEYS do out[#out + 1] = redis.call('HGETALL', KEYS[i]) end
            return out""");

    /**
     * Reads what each tenant's events need, one script per tenant, all in one pipelined round
     * trip: a poll spans many tenants, and waiting for each in turn left Redis and this service
     * idle for most of the poll.
     */
    public List<Read> read(List<ReadRequest> requests, Duration markWindow) {
        List<Request> scripts = new ArrayList<>(requests.size());
        for (ReadRequest request : requests) {
            scripts.add(readScript(request, markWindow));
        }
        List<Response> answers = RedisBatches.send(redis, scripts);
        List<Read> reads = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            reads.add(decodeRead(requests.get(i), answers.get(i)));
        }
        return reads;
    }

    private static Request readScript(ReadRequest request, Duration markWindow) {
        String tenant = request.tenant();
        ApplyPlanner.Subjects subjects = request.subjects();
        Request script = Request.cmd(Command.EVAL).arg(READ).arg(1 + subjects.conversations().size()
                + subjects.visitors().size() + subjects.agents().size()).arg(MetricsKeys.marks(tenant));
        subjects.conversations().forEach(id -> script.arg(MetricsKeys.conversation(tenant, id)));
        subjects.visitors().forEach(id -> script.arg(MetricsKeys.visitor(tenant, id)));
        subjects.agents().forEach(id -> script.arg(MetricsKeys.agent(tenant, id)));
        script.arg(markWindow.toSeconds());
        request.eventIds().forEach(id -> script.arg(IdempotencyMarks.fingerprint(id)));
        return script;
    }

    /** The answer of {@link #readScript}, in the order its keys were given (the subjects' set order). */
    private static Read decodeRead(ReadRequest request, Response answer) {
        List<String> eventIds = request.eventIds();
        Set<String> applied = new HashSet<>();
        for (int i = 0; i < eventIds.size(); i++) {
            if (answer.get(i).toInteger() == 1) {
                applied.add(eventIds.get(i));
            }
        }
        int at = eventIds.size();
        Map<String, Conversation> conversationStates = new HashMap<>();
        for (String id : request.subjects().conversations()) {
            conversationStates.put(id, Conversation.fromHash(id, hash(answer.get(at++))));
        }
        Map<String, Visitor> visitorStates = new HashMap<>();
        for (String id : request.subjects().visitors()) {
            visitorStates.put(id, Visitor.fromHash(id, hash(answer.get(at++))));
        }
        Map<String, Agent> agentStates = new HashMap<>();
        for (String id : request.subjects().agents()) {
            agentStates.put(id, Agent.fromHash(id, hash(answer.get(at++))));
        }
        return new Read(applied, new ApplyPlanner.Loaded(conversationStates, visitorStates, agentStates));
    }

    private static Map<String, String> hash(Response flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        return fields;
    }

    /** Applies a tenant's plan in one atomic script; answers how many events took effect now. */
    public int apply(ApplyPlanner.TenantPlan plan, Duration markWindow) {
        return apply(List.of(plan), markWindow).get(0);
    }

    /**
     * Applies each plan in one atomic script of its tenant, all in one pipelined round trip (see
     * {@link #read}); answers, per plan, how many events took effect now.
     */
    public List<Integer> apply(List<ApplyPlanner.TenantPlan> plans, Duration markWindow) {
        List<Request> scripts = new ArrayList<>(plans.size());
        for (ApplyPlanner.TenantPlan plan : plans) {
            if (!isEmpty(plan)) {
                scripts.add(applyScript(plan, markWindow));
            }
        }
        List<Response> answers = RedisBatches.send(redis, scripts);
        List<Integer> applied = new ArrayList<>(plans.size());
        int next = 0;
        for (ApplyPlanner.TenantPlan plan : plans) {
            applied.add(isEmpty(plan) ? 0 : answers.get(next++).toInteger());
        }
        return applied;
    }

    private static boolean isEmpty(ApplyPlanner.TenantPlan plan) {
        return plan.events().isEmpty() && plan.housekeeping().isEmpty();
    }

    private static Request applyScript(ApplyPlanner.TenantPlan plan, Duration markWindow) {
        Request script = Request.cmd(Command.EVAL).arg(APPLY).arg(2).arg(MetricsKeys.version(plan.tenant()))
                .arg(MetricsKeys.marks(plan.tenant())).arg(markWindow.toSeconds()).arg(plan.events().size());
        for (ApplyPlanner.EventPlan event : plan.events()) {
            script.arg(IdempotencyMarks.fingerprint(event.eventId())).arg(event.ops().size());
            event.ops().forEach(op -> addOp(script, op));
        }
        script.arg(plan.housekeeping().size());
        plan.housekeeping().forEach(op -> addOp(script, op));
        return script;
    }

    private static void addOp(Request script, ApplyPlanner.RedisOp op) {
        script.arg(op.args().size());
        op.args().forEach(script::arg);
    }

    /**
     * Many reads of one tenant in one atomic script (so an overview is also a consistent one):
     * ARGV per read: kind, key, and min/max for ranged kinds. A ranged read answers {value, lowest
     * score at or above min, lowest score above max} ('' for none or an open end), see
     * {@link BatchedReads.Ranged}. KEYS[1] pins the tenant's hash slot.
     */
    private static final String READ_ALL = """
            local function first(key, from)
              if from == '-inf' or from == '(+inf' then return '' end
              return redis.call('ZRANGEBYSCORE', key, from, '+inf', 'LIMIT', 0, 1, 'WITHSCORES')[2] or ''
            end
            local out = {}
            local i = 1
            while i <= #ARGV do
              local kind, key = ARGV[i], ARGV[i + 1]
              if kind == 'c' then out[#out + 1] = redis.call('ZCARD', key); i = i + 2
              elseif kind == 'l' then out[#out + 1] = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES'); i = i + 2
              elseif kind == 'm' then out[#out + 1] = redis.call('ZRANGE', key, 0, -1); i = i + 2
              elseif kind == 'h' then out[#out + 1] = redis.call('HGETALL', key); i = i + 2
              else
                local min, max = ARGV[i + 2], ARGV[i + 3]
                local value
                if kind == 'r' then value = redis.call('ZCOUNT', key, min, max)
                else value = redis.call('ZRANGEBYSCORE', key, min, max) end
                out[#out + 1] = {value, first(key, min), first(key, '(' .. max)}
                i = i + 4
              end
            end
            return out""";

    /** Answers {@code reads} of one tenant in one round trip (see {@link BatchedReads}). */
    public List<Object> readAll(String tenant, List<BatchedReads.Read> reads) {
        if (reads.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(reads.size() * 4 + 3);
        args.add(READ_ALL);
        args.add("1");
        args.add(MetricsKeys.prefix(tenant) + "slot");
        for (BatchedReads.Read read : reads) {
            switch (read.kind()) {
                case COUNT -> args.addAll(List.of("c", read.key()));
                case COUNT_RANGE -> args.addAll(List.of("r", read.key(), bound(read.min()), bound(read.max())));
                case LOWEST_SCORE -> args.addAll(List.of("l", read.key()));
                case MEMBERS -> args.addAll(List.of("m", read.key()));
                case MEMBERS_BY_SCORE -> args.addAll(List.of("s", read.key(), bound(read.min()), bound(read.max())));
                case HASH -> args.addAll(List.of("h", read.key()));
            }
        }
        Response answer = redis.execute("EVAL", args.toArray(String[]::new));
        List<Object> out = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            Response item = answer.get(i);
            out.add(switch (reads.get(i).kind()) {
                case COUNT -> item.toLong();
                case COUNT_RANGE -> new BatchedReads.Ranged(item.get(0).toLong(), score(item.get(1)), score(item.get(2)));
                case LOWEST_SCORE -> item.size() < 2 ? OptionalLong.empty() : OptionalLong.of(score(item.get(1)));
                case MEMBERS -> strings(item);
                case MEMBERS_BY_SCORE -> new BatchedReads.Ranged(strings(item.get(0)), score(item.get(1)), score(item.get(2)));
                case HASH -> hash(item);
            });
        }
        return out;
    }

    /** The live state version of {@code tenant}: raised by every apply, null before the first. */
    public String version(String tenant) {
        return versions(List.of(tenant)).get(0);
    }

    /**
     * The versions of many tenants, in order, in one pipelined round trip: the tick reads every
     * tenant's each second, and one blocking round trip each kept its threads waiting most of it.
     */
    public List<String> versions(List<String> tenants) {
        List<Request> reads = new ArrayList<>(tenants.size());
        tenants.forEach(tenant -> reads.add(Request.cmd(Command.GET).arg(MetricsKeys.version(tenant))));
        List<String> out = new ArrayList<>(tenants.size());
        for (Response answer : RedisBatches.send(redis, reads)) {
            out.add(answer == null ? null : answer.toString());
        }
        return out;
    }

    /** A score as epoch ms; {@link Long#MAX_VALUE} for none (''). */
    private static long score(Response score) {
        String text = score.toString();
        return text.isEmpty() ? Long.MAX_VALUE : (long) Double.parseDouble(text);
    }

    private static String bound(long value) {
        return value == Long.MIN_VALUE ? "-inf" : value == Long.MAX_VALUE ? "+inf" : Long.toString(value);
    }

    private static List<String> strings(Response items) {
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(items.get(i).toString());
        }
        return out;
    }

    /**
     * Records that these tenants just had events (they are ticked while live) and tells every
     * replica, in one round trip: a poll touches many tenants.
     */
    public void touched(Map<String, Long> lastEventByTenant) {
        if (lastEventByTenant.isEmpty()) {
            return;
        }
        Request live = Request.cmd(Command.ZADD).arg(MetricsKeys.LIVE_TENANTS);
        lastEventByTenant.forEach((tenant, at) -> live.arg(at).arg(tenant));
        List<Request> requests = new ArrayList<>(lastEventByTenant.size() + 1);
        requests.add(live);
        lastEventByTenant.keySet().forEach(tenant -> requests.add(Request.cmd(Command.PUBLISH).arg(MetricsKeys.CHANGES_CHANNEL).arg(tenant)));
        RedisBatches.send(redis, requests);
    }

    /** Tenants that had an event since {@code since} (epoch ms). */
    public List<String> liveTenants(long since) {
        return redis.sortedSet(String.class).zrangebyscore(MetricsKeys.LIVE_TENANTS,
                new io.quarkus.redis.datasource.sortedset.ScoreRange<>((double) since, null));
    }

    /**
     * Takes each tenant's snapshot turn (see {@link MetricsKeys#snapshotTurn}) for a read of the
     * floor at {@code at}, in one pipelined round trip of single-key commands. A turn ends a
     * {@link SnapshotTurns#TURN_MS} after its read, not after its {@code SET} (a tick's reads come
     * before): whoever finds it taken knows when to try again. Answers, per tenant, null when the
     * turn is the caller's, else when the holder read the floor.
     */
    public List<Long> takeSnapshotTurns(List<String> tenants, long at) {
        List<Request> requests = new ArrayList<>(tenants.size());
        for (String tenant : tenants) {
            requests.add(Request.cmd(Command.SET).arg(MetricsKeys.snapshotTurn(tenant)).arg(at)
                    .arg("NX").arg("PXAT").arg(at + SnapshotTurns.TURN_MS).arg("GET"));
        }
        List<Long> holders = new ArrayList<>(tenants.size());
        for (Response answer : RedisBatches.send(redis, requests)) {
            holders.add(answer == null ? null : Long.valueOf(answer.toString()));
        }
        return holders;
    }

    /** True for exactly one caller per tick shard and second, across replicas. */
    public boolean claimTick(int shard, long epochSecond) {
        var answer = redis.execute("SET", MetricsKeys.tickClaim(shard, epochSecond), "1", "NX", "EX", "5");
        return answer != null && "OK".equals(answer.toString());
    }
}
