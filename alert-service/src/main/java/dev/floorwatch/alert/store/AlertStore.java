package dev.floorwatch.alert.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.json.JsonText;
import dev.floorwatch.alert.domain.ConversationTrack;
import dev.floorwatch.alert.domain.SnapshotIds;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.common.redis.IdempotencyMarks;
import dev.floorwatch.common.redis.RedisBatches;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A tenant's alert state under {@code fw:{t}:al:}: open alerts ({@code open}, HASH key → JSON),
 * the time of the last evaluated snapshot ({@code clock}), transitions waiting to be published
 * ({@code outbox}, LIST) and the recent transitions ({@code history}, ZSET by time). One script
 * writes state, clock, outbox and history together, so a crash can neither lose a transition
 * (it waits in the outbox) nor repeat one (the clock skips snapshots already evaluated).
 */
@ApplicationScoped
public class AlertStore {

    /** KEYS: open, clock, outbox, history, acks. ARGV: clock, retention floor, n puts, (key, json)…, n deletes, key…, n events, (at, json)…. */
    private static final String COMMIT = """
            local i = 1
            redis.call('SET', KEYS[2], ARGV[i]); i = i + 1
            local floor = ARGV[i]; i = i + 1
            local puts = tonumber(ARGV[i]); i = i + 1
            for p = 1, puts do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
            local dels = tonumber(ARGV[i]); i = i + 1
            for d = 1, dels do redis.call('HDEL', KEYS[1], ARGV[i]); redis.call('HDEL', KEYS[5], ARGV[i]); i = i + 1 end
            local events = tonumber(ARGV[i]); i = i + 1
            for e = 1, events do
              redis.call('RPUSH', KEYS[3], ARGV[i + 1])
              redis.call('ZADD', KEYS[4], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. floor)
            return events""";

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public AlertStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    static String key(String tenant, String name) {
        return RedisKeys.tenantPrefix(tenant) + "al:" + name;
    }

    public Map<String, OpenAlert> open(String tenant) {
        Map<String, OpenAlert> open = new HashMap<>();
        redis.hash(String.class).hgetall(key(tenant, "open")).forEach((k, v) -> open.put(k, read(v, OpenAlert.class)));
        return open;
    }

    /** The open alerts as readers should see them: with acknowledgements not yet folded in by an evaluation. */
    public Map<String, OpenAlert> openAcknowledged(String tenant) {
        Map<String, Ack> acks = new HashMap<>();
        redis.hash(String.class).hgetall(key(tenant, "acks")).forEach((k, v) -> acks.put(k, read(v, Ack.class)));
        return withAcks(open(tenant), acks);
    }

    /** Folds acknowledgements (written by the API beside the state) into the open alerts they name. */
    public static Map<String, OpenAlert> withAcks(Map<String, OpenAlert> open, Map<String, Ack> acks) {
        Map<String, OpenAlert> folded = new java.util.LinkedHashMap<>(open);
        acks.forEach((key, ack) -> folded.computeIfPresent(key, (k, alert) -> alert.acknowledgedBy() != null ? alert
                : alert.with(alert.state().acknowledged(ack.by(), ack.note(), ack.at()))));
        return folded;
    }

    /**
     * What a snapshot evaluation starts from: the clock, the open alerts, the acknowledgements,
     * the counts of the asked burst signals and whether transitions wait in the outbox.
     */
    public record EvaluationState(long clock, Map<String, OpenAlert> open, Map<String, Ack> acks, Map<String, Long> signals,
            long outbox) {
    }

    /** A burst signal count to read: the signal's events since {@code from} (epoch ms). */
    public record SignalWindow(String signal, long from) {
    }

    /** A tenant's evaluation state to read: the burst signal windows its rules ask for. */
    public record StateRead(String tenant, List<SignalWindow> windows) {
    }

    /** KEYS: clock, open, acks, outbox, then one signal ZSET per window; ARGV: the windows' starts. */
    private static final String EVALUATION_STATE = """
            local counts = {}
            for w = 1, #ARGV do counts[w] = redis.call('ZCOUNT', KEYS[4 + w], ARGV[w], '+inf') end
            return {redis.call('GET', KEYS[1]) or '0', redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]),
                    counts, redis.call('LLEN', KEYS[4])}""";

    /**
     * The evaluation states of many tenants in one pipelined round trip: every tenant is read
     * every second, and a round trip per tenant cost alert-service most of a core at a thousand
     * tenants. Each tenant's state is one script, so it is read consistently.
     */
    public List<EvaluationState> evaluationStates(List<StateRead> reads) {
        List<Request> scripts = new ArrayList<>(reads.size());
        for (StateRead read : reads) {
            Request script = Request.cmd(Command.EVAL).arg(EVALUATION_STATE).arg(4 + read.windows().size())
                    .arg(key(read.tenant(), "clock")).arg(key(read.tenant(), "open")).arg(key(read.tenant(), "acks"))
                    .arg(key(read.tenant(), "outbox"));
            read.windows().forEach(w -> script.arg(key(read.tenant(), "sig:" + w.signal())));
            read.windows().forEach(w -> script.arg(w.from()));
            scripts.add(script);
        }
        List<Response> answers = RedisBatches.send(redis, scripts);
        List<EvaluationState> states = new ArrayList<>(reads.size());
        for (int r = 0; r < reads.size(); r++) {
            states.add(decodeState(reads.get(r).windows(), answers.get(r)));
        }
        return states;
    }

    private EvaluationState decodeState(List<SignalWindow> windows, Response reply) {
        Map<String, OpenAlert> open = new HashMap<>();
        Response pairs = reply.get(1);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            open.put(pairs.get(i).toString(), read(pairs.get(i + 1).toString(), OpenAlert.class));
        }
        Map<String, Ack> acks = new HashMap<>();
        pairs = reply.get(2);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            acks.put(pairs.get(i).toString(), read(pairs.get(i + 1).toString(), Ack.class));
        }
        Map<String, Long> signals = new HashMap<>();
        for (int w = 0; w < windows.size(); w++) {
            signals.put(windows.get(w).signal() + "@" + windows.get(w).from(), reply.get(3).get(w).toLong());
        }
        return new EvaluationState(Long.parseLong(reply.get(0).toString()), open, acks, signals, reply.get(4).toLong());
    }

    /** What one evaluation changed: the clock, open alerts put and removed, transitions for the outbox. */
    public record Commit(String tenant, long clock, Map<String, OpenAlert> put, List<String> deleted, List<AlertEvent> events) {
    }

    /** Commits many tenants' evaluations in one pipelined round trip, each tenant's in one script. */
    public void commit(List<Commit> commits, Duration retention) {
        List<Request> scripts = new ArrayList<>(commits.size());
        for (Commit commit : commits) {
            String tenant = commit.tenant();
            Request script = Request.cmd(Command.EVAL).arg(COMMIT).arg(5).arg(key(tenant, "open")).arg(key(tenant, "clock"))
                    .arg(key(tenant, "outbox")).arg(key(tenant, "history")).arg(key(tenant, "acks"))
                    .arg(commit.clock()).arg(commit.clock() - retention.toMillis()).arg(commit.put().size());
            commit.put().forEach((k, v) -> script.arg(k).arg(write(v)));
            script.arg(commit.deleted().size());
            commit.deleted().forEach(script::arg);
            script.arg(commit.events().size());
            for (AlertEvent event : commit.events()) {
                script.arg(event.at().toEpochMilli()).arg(write(event));
            }
            scripts.add(script);
        }
        RedisBatches.send(redis, scripts);
    }

    /**
     * KEYS: marks' namespace, open risk alerts (HASH key → firing event), outbox, history, the
     * conversation's risk alert keys (SET). ARGV: ttl (also the mark window), retention floor,
     * signal key prefix, the event's fingerprint, then n firing (key, at, json)…, n signals (name,
     * member, at)…, n resolved (key, at, json)…. Nothing happens for an event already marked; a
     * risk alert already open is not raised twice.
     */
    private static final String CONVERSATION_EVENT = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[1], ARGV[1])
            if not marks.add(ARGV[4]) then return -1 end
            local i = 5
            local written = 0
            local n = tonumber(ARGV[i]); i = i + 1
            for f = 1, n do
              if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 2]) == 1 then
                redis.call('RPUSH', KEYS[3], ARGV[i + 2])
                redis.call('ZADD', KEYS[4], ARGV[i + 1], ARGV[i + 2])
                redis.call('SADD', KEYS[5], ARGV[i])
                redis.call('EXPIRE', KEYS[5], ARGV[1])
                written = written + 1
              end
              i = i + 3
            end
            n = tonumber(ARGV[i]); i = i + 1
            for s = 1, n do
              local z = ARGV[3] .. ARGV[i]
              redis.call('ZADD', z, ARGV[i + 2], ARGV[i + 1])
              redis.call('ZREMRANGEBYSCORE', z, '-inf', '(' .. ARGV[2])
              i = i + 3
            end
            n = tonumber(ARGV[i]); i = i + 1
            for r = 1, n do
              if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
                redis.call('RPUSH', KEYS[3], ARGV[i + 2])
                redis.call('ZADD', KEYS[4], ARGV[i + 1], ARGV[i + 2])
                written = written + 1
              end
              redis.call('SREM', KEYS[5], ARGV[i])
              i = i + 3
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[2])
            return written""");

    /**
     * Records a conversation event's effects atomically with its idempotency mark: new risk
     * alerts, burst signals, and (when the conversation ended) the resolution of its risk alerts.
     * Answers how many transitions went to the outbox, or -1 for an event already handled.
     */
    public int recordConversationEvent(String tenant, String eventId, String conversationId, List<AlertEvent> firing,
            List<String> signals, Instant occurredAt, boolean ends, Instant now, Duration retention) {
        String conversationKeys = key(tenant, "conv:" + conversationId);
        List<AlertEvent> resolved = new ArrayList<>();
        if (ends && conversationId != null) {
            List<String> keys = List.copyOf(redis.set(String.class).smembers(conversationKeys));
            openConversationAlerts(tenant, keys).values().forEach(f -> resolved.add(f.next("resolved", now, now)));
        }
        Request script = Request.cmd(Command.EVAL).arg(CONVERSATION_EVENT).arg(5).arg(key(tenant, "marks:risk:"))
                .arg(key(tenant, "risk")).arg(key(tenant, "outbox")).arg(key(tenant, "history")).arg(conversationKeys)
                .arg(Duration.ofHours(25).toSeconds()).arg(now.toEpochMilli() - retention.toMillis()).arg(key(tenant, "sig:"))
                .arg(IdempotencyMarks.fingerprint(eventId));
        addTransitions(script, firing);
        script.arg(signals.size());
        for (String signal : signals) {
            script.arg(signal).arg(eventId).arg(occurredAt.toEpochMilli());
        }
        addTransitions(script, resolved);
        return RedisBatches.send(redis, List.of(script)).get(0).toInteger();
    }

    /** The time-driven conversation signals wait in these indexes (ZSET conversation → since). */
    public enum SignalClock { HIGH_VALUE_WAIT("hvwait"), SILENT("silent");

        final String key;

        SignalClock(String key) {
            this.key = key;
        }
    }

    /** A conversation's tracked state for the conversation rules; empty if none. */
    public java.util.Optional<ConversationTrack> track(String tenant, String conversationId) {
        String value = redis.value(String.class).get(key(tenant, "track:" + conversationId));
        return java.util.Optional.ofNullable(value).map(v -> read(v, ConversationTrack.class));
    }

    /** The firing events of the given per-conversation alert keys that are open. */
    public Map<String, AlertEvent> openConversationAlerts(String tenant, List<String> alertKeys) {
        Map<String, AlertEvent> open = new HashMap<>();
        if (alertKeys.isEmpty()) {
            return open;
        }
        var found = redis.hash(String.class).hmget(key(tenant, "risk"), alertKeys.toArray(String[]::new));
        found.forEach((k, v) -> {
            if (v != null) {
                open.put(k, read(v, AlertEvent.class));
            }
        });
        return open;
    }

    /**
     * KEYS: marks' namespace, track, open per-conversation alerts, outbox, history, conversation's
     * alert keys, high-value wait clock, silent clock. ARGV: ttl (also the mark window), retention
     * floor, track json, high-value wait since ('' = none), silent since ('' = none), conversation
     * id, the event's fingerprint, n firing (key, at, json)…, n resolved (key, at, json)….
     */
    private static final String CONVERSATION_SIGNALS = IdempotencyMarks.script("""
            local marks = idempotency_marks(KEYS[1], ARGV[1])
            if not marks.add(ARGV[7]) then return -1 end
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[1])
            if ARGV[4] == '' then redis.call('ZREM', KEYS[7], ARGV[6]) else redis.call('ZADD', KEYS[7], ARGV[4], ARGV[6]) end
            if ARGV[5] == '' then redis.call('ZREM', KEYS[8], ARGV[6]) else redis.call('ZADD', KEYS[8], ARGV[5], ARGV[6]) end
            local i = 8
            local written = 0
            local n = tonumber(ARGV[i]); i = i + 1
            for f = 1, n do
              if redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 2]) == 1 then
                redis.call('RPUSH', KEYS[4], ARGV[i + 2])
                redis.call('ZADD', KEYS[5], ARGV[i + 1], ARGV[i + 2])
                redis.call('SADD', KEYS[6], ARGV[i])
                redis.call('EXPIRE', KEYS[6], ARGV[1])
                written = written + 1
              end
              i = i + 3
            end
            n = tonumber(ARGV[i]); i = i + 1
            for r = 1, n do
              if redis.call('HDEL', KEYS[3], ARGV[i]) == 1 then
                redis.call('RPUSH', KEYS[4], ARGV[i + 2])
                redis.call('ZADD', KEYS[5], ARGV[i + 1], ARGV[i + 2])
                written = written + 1
              end
              redis.call('SREM', KEYS[6], ARGV[i])
              i = i + 3
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[2])
            return written""");

    /**
     * Records a conversation event for the conversation rules atomically with its idempotency
     * mark: the new track, its place in the time-driven signal clocks, and the per-conversation
     * alerts it fires or resolves. Answers the transitions written, or -1 for an event already handled.
     */
    public int recordConversationSignals(String tenant, String eventId, String conversationId, ConversationTrack track,
            List<AlertEvent> firing, List<AlertEvent> resolved, Instant now, Duration retention) {
        Request script = Request.cmd(Command.EVAL).arg(CONVERSATION_SIGNALS).arg(8).arg(key(tenant, "marks:track:"))
                .arg(key(tenant, "track:" + conversationId)).arg(key(tenant, "risk")).arg(key(tenant, "outbox"))
                .arg(key(tenant, "history")).arg(key(tenant, "conv:" + conversationId))
                .arg(key(tenant, SignalClock.HIGH_VALUE_WAIT.key)).arg(key(tenant, SignalClock.SILENT.key))
                .arg(Duration.ofHours(25).toSeconds()).arg(now.toEpochMilli() - retention.toMillis()).arg(write(track))
                .arg(track.highValueWaitSince() == null ? "" : Long.toString(track.highValueWaitSince()))
                .arg(track.silentSince() == null ? "" : Long.toString(track.silentSince()))
                .arg(conversationId).arg(IdempotencyMarks.fingerprint(eventId));
        addTransitions(script, firing);
        addTransitions(script, resolved);
        return RedisBatches.send(redis, List.of(script)).get(0).toInteger();
    }

    /** A conversation ended: its track becomes a tombstone (late events change nothing) and leaves the signal clocks. */
    public void endConversation(String tenant, String conversationId) {
        redis.value(String.class).setex(key(tenant, "track:" + conversationId), Duration.ofHours(25).toSeconds(),
                write(ConversationTrack.tombstone()));
        for (SignalClock clock : SignalClock.values()) {
            redis.sortedSet(String.class).zrem(key(tenant, clock.key), conversationId);
        }
    }

    /** Which conversations to read off a signal clock: those on it since at most {@code until} (epoch ms). */
    public record DueQuery(SignalClock clock, long until) {
    }

    /** A tenant's signal clocks to read at {@code now} (epoch ms). */
    public record DueRead(String tenant, List<DueQuery> queries, long now) {
    }

    /** KEYS: the clocks; ARGV: drop floor, limit, then each clock's {@code until}. */
    private static final String DUE_ON = """
            local out = {}
            for q = 1, #KEYS do
              redis.call('ZREMRANGEBYSCORE', KEYS[q], '-inf', ARGV[1])
              out[q] = redis.call('ZRANGEBYSCORE', KEYS[q], '-inf', ARGV[q + 2], 'LIMIT', 0, ARGV[2])
            end
            return out""";

    /**
     * For each tenant and query, the conversations on its clock since at most {@code until} (the
     * oldest first, at most {@code limit}), for all tenants in one pipelined round trip: it runs
     * for every tenant every second. Entries older than a day are dropped (a conversation that
     * never closed). A tenant without queries gets an empty answer without a script.
     */
    public List<List<List<String>>> dueOn(List<DueRead> reads, int limit) {
        List<Request> scripts = new ArrayList<>(reads.size());
        for (DueRead read : reads) {
            if (!read.queries().isEmpty()) {
                Request script = Request.cmd(Command.EVAL).arg(DUE_ON).arg(read.queries().size());
                read.queries().forEach(q -> script.arg(key(read.tenant(), q.clock().key)));
                script.arg(read.now() - Duration.ofHours(25).toMillis()).arg(limit);
                read.queries().forEach(q -> script.arg(q.until()));
                scripts.add(script);
            }
        }
        Iterator<Response> answers = RedisBatches.send(redis, scripts).iterator();
        List<List<List<String>>> due = new ArrayList<>(reads.size());
        for (DueRead read : reads) {
            Response reply = read.queries().isEmpty() ? null : answers.next();
            List<List<String>> perQuery = new ArrayList<>(read.queries().size());
            for (int q = 0; q < read.queries().size(); q++) {
                List<String> ids = new ArrayList<>();
                reply.get(q).forEach(id -> ids.add(id.toString()));
                perQuery.add(ids);
            }
            due.add(perQuery);
        }
        return due;
    }

    /**
     * KEYS: signal clock, open per-conversation alerts, outbox, history, conversation's alert keys.
     * ARGV: conversation id, until, ttl, alert key, at, json. Fires only if the conversation is
     * still on the clock since at most {@code until} (an answer may have come meanwhile) and the
     * alert is not open yet, so replaying a snapshot never fires twice.
     */
    private static final String FIRE_DUE = """
            local since = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not since or tonumber(since) > tonumber(ARGV[2]) then return 0 end
            if redis.call('HSETNX', KEYS[2], ARGV[4], ARGV[6]) == 0 then return 0 end
            redis.call('RPUSH', KEYS[3], ARGV[6])
            redis.call('ZADD', KEYS[4], ARGV[5], ARGV[6])
            redis.call('SADD', KEYS[5], ARGV[4])
            redis.call('EXPIRE', KEYS[5], ARGV[3])
            return 1""";

    public boolean fireDue(String tenant, SignalClock clock, String conversationId, long until, AlertEvent firing) {
        return redis.execute("EVAL", FIRE_DUE, "5", key(tenant, clock.key), key(tenant, "risk"), key(tenant, "outbox"),
                key(tenant, "history"), key(tenant, "conv:" + conversationId), conversationId, Long.toString(until),
                Long.toString(Duration.ofHours(25).toSeconds()), firing.key(), Long.toString(firing.at().toEpochMilli()),
                write(firing)).toInteger() == 1;
    }

    private void addTransitions(Request script, List<AlertEvent> events) {
        script.arg(events.size());
        for (AlertEvent event : events) {
            script.arg(event.key()).arg(event.at().toEpochMilli()).arg(write(event));
        }
    }

    /** Open per-conversation risk alerts (their firing events). */
    public List<AlertEvent> openRisk(String tenant) {
        return redis.hash(String.class).hgetall(key(tenant, "risk")).values().stream().map(v -> read(v, AlertEvent.class)).toList();
    }

    /**
     * Takes the tenant's outbox lease ({@code outbox:lease}): the snapshot and the event consumer
     * — possibly on two replicas — both publish a tenant's outbox, and two publishers reading it at
     * once would publish entries twice and trim ones not published. A crashed holder's lease expires.
     */
    public boolean leaseOutbox(String tenant, String holder, Duration ttl) {
        return redis.execute("SET", key(tenant, "outbox:lease"), holder, "NX", "PX", Long.toString(ttl.toMillis())) != null;
    }

    public void releaseOutbox(String tenant, String holder) {
        redis.execute("EVAL", "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                "1", key(tenant, "outbox:lease"), holder);
    }

    public List<AlertEvent> outbox(String tenant) {
        return redis.list(String.class).lrange(key(tenant, "outbox"), 0, -1).stream()
                .map(v -> read(v, AlertEvent.class)).toList();
    }

    /** Removes the first {@code n} outbox entries (published). */
    public void published(String tenant, int n) {
        redis.list(String.class).ltrim(key(tenant, "outbox"), n, -1);
    }

    /** Recent transitions, newest first. */
    public List<AlertEvent> history(String tenant, long since, int limit) {
        // ZRANGE … BYSCORE REV takes the maximum first: spelled out, not left to the typed API's reversed range.
        List<AlertEvent> events = new ArrayList<>();
        redis.execute("ZRANGE", key(tenant, "history"), "+inf", Long.toString(since), "BYSCORE", "REV", "LIMIT", "0",
                Integer.toString(limit)).forEach(r -> events.add(read(r.toString(), AlertEvent.class)));
        return events;
    }

    /** An acknowledgement: who, when, why; it stops reminders until the alert resolves. */
    public record Ack(String by, Instant at, String note) {
    }

    /**
     * Acknowledges an open alert: records the acknowledgement (read by the evaluation, so it never
     * races with a state write) and queues an {@code acknowledged} event. Empty when no alert of
     * that key is open.
     */
    public java.util.Optional<AlertEvent> acknowledge(String tenant, String alertKey, String by, String note, Instant now) {
        AlertEvent base;
        String open = redis.hash(String.class).hget(key(tenant, "open"), alertKey);
        if (open != null) {
            OpenAlert a = read(open, OpenAlert.class);
            if (!a.firing()) {
                return java.util.Optional.empty();
            }
            base = new AlertEvent(AlertEvent.SCHEMA, tenant, a.key(), a.ruleId(), a.name(), a.severity(), "acknowledged",
                    a.metric(), a.value(), a.threshold(), a.labels(), null, List.of(), a.startsAt(), null, now, a.runbook(),
                    SnapshotIds.forAlert(a.key(), a.startsAt()), null, null);
        } else {
            String risk = redis.hash(String.class).hget(key(tenant, "risk"), alertKey);
            if (risk == null) {
                return java.util.Optional.empty();
            }
            base = read(risk, AlertEvent.class).next("acknowledged", null, now);
        }
        String event = write(base);
        redis.execute("EVAL", """
                redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
                redis.call('RPUSH', KEYS[2], ARGV[3])
                redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
                return 1""", "3", key(tenant, "acks"), key(tenant, "outbox"), key(tenant, "history"),
                alertKey, write(new Ack(by, now, note)), event, Long.toString(now.toEpochMilli()));
        return java.util.Optional.of(base);
    }

    private String write(Object value) {
        return JsonText.write(json, value);
    }

    private <T> T read(String value, Class<T> type) {
        return JsonText.read(json, value, type);
    }
}
