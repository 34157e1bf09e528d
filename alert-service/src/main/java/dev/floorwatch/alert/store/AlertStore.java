package dev.floorwatch.alert.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;

/**
 * A tenant's alert state under {@code fw:{t}:al:}: open alerts ({@code open}, HASH key → JSON),
 * the time of the last evaluated snapshot ({@code clock}), transitions waiting to be published
 * ({@code outbox}, LIST) and the recent transitions ({@code history}, ZSET by time). One script
 * writes state, clock, outbox and history together, so a crash can neither lose a transition
 * (it waits in the outbox) nor repeat one (the clock skips snapshots already evaluated).
 */
@ApplicationScoped
public class AlertStore {

    /** KEYS: open, clock, outbox, history. ARGV: clock, retention floor, n puts, (key, json)…, n deletes, key…, n events, (at, json)…. */
    private static final String COMMIT = """
            local i = 1
            redis.call('SET', KEYS[2], ARGV[i]); i = i + 1
            local floor = ARGV[i]; i = i + 1
            local puts = tonumber(ARGV[i]); i = i + 1
            for p = 1, puts do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
            local dels = tonumber(ARGV[i]); i = i + 1
            for d = 1, dels do redis.call('HDEL', KEYS[1], ARGV[i]); i = i + 1 end
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

    /** Epoch ms of the last evaluated snapshot, 0 if none. */
    public long clock(String tenant) {
        String value = redis.value(String.class).get(key(tenant, "clock"));
        return value == null ? 0 : Long.parseLong(value);
    }

    public void commit(String tenant, long clock, Map<String, OpenAlert> put, List<String> deleted, List<AlertEvent> events,
            Duration retention) {
        List<String> args = new ArrayList<>();
        args.add(COMMIT);
        args.add("4");
        args.add(key(tenant, "open"));
        args.add(key(tenant, "clock"));
        args.add(key(tenant, "outbox"));
        args.add(key(tenant, "history"));
        args.add(Long.toString(clock));
        args.add(Long.toString(clock - retention.toMillis()));
        args.add(Integer.toString(put.size()));
        put.forEach((k, v) -> {
            args.add(k);
            args.add(write(v));
        });
        args.add(Integer.toString(deleted.size()));
        args.addAll(deleted);
        args.add(Integer.toString(events.size()));
        for (AlertEvent event : events) {
            args.add(Long.toString(event.at().toEpochMilli()));
            args.add(write(event));
        }
        redis.execute("EVAL", args.toArray(String[]::new));
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
        return redis.sortedSet(String.class).zrangebyscore(key(tenant, "history"),
                new ScoreRange<>((double) since, null), new ZRangeArgs().rev()).stream()
                .limit(limit).map(v -> read(v, AlertEvent.class)).toList();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
