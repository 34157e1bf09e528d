package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.redis.RedisBatches;
import dev.floorwatch.metrics.domain.MetricsKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Per-minute maxima of the gauges the trends show, sampled once a second per live tenant by the
 * replica that won the tick and raised here by {@code service/TrendSampler} in a few writes a
 * minute. One hash per tenant and hour ({@code fw:{t}:m:trend:<epoch hour>}), a field per minute
 * holding {@code queueLength,longestWaitSeconds,onlineAgents}: sixty small fields stay a listpack,
 * about 15 bytes a minute, where a key per minute took about 200 (1,440 keys a day per live tenant).
 */
@ApplicationScoped
public class TrendStore {

    /** KEYS[1]: the hour; ARGV: minute of the hour, the three gauges, ttl. */
    private static final String RAISE = """
            local q, w, a = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              local oq, ow, oa = string.match(old, '^(-?%d+),(-?%d+),(-?%d+)$')
              q, w, a = math.max(q, tonumber(oq)), math.max(w, tonumber(ow)), math.max(a, tonumber(oa))
            end
            redis.call('HSET', KEYS[1], ARGV[1], string.format('%d,%d,%d', q, w, a))
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            return 1""";

    private final RedisDataSource redis;

    public TrendStore(RedisDataSource redis) {
        this.redis = redis;
    }

    /** A tenant's minute maxima to raise. */
    public record Raise(String tenant, long epochMinute, long queueLength, long longestWaitSeconds, long onlineAgents) {
    }

    /** One minute's maxima. */
    public record Gauges(long queueLength, long longestWaitSeconds, long onlineAgents) {
    }

    /**
     * Raises each minute's maxima to these values where they are higher (replicas may raise the
     * same minute), all in one pipelined round trip: a flush covers every live tenant, and one
     * blocking write each held the tick's next round up for seconds.
     */
    public void raiseAll(List<Raise> raises, Duration retention) {
        List<Request> scripts = new ArrayList<>(raises.size());
        for (Raise raise : raises) {
            scripts.add(Request.cmd(Command.EVAL).arg(RAISE).arg(1).arg(MetricsKeys.trend(raise.tenant(), raise.epochMinute() / 60))
                    .arg(raise.epochMinute() % 60).arg(raise.queueLength()).arg(raise.longestWaitSeconds())
                    .arg(raise.onlineAgents()).arg(retention.toSeconds()));
        }
        RedisBatches.send(redis, scripts);
    }

    /** The sampled minutes from {@code firstMinute} to {@code lastMinute} (epoch minutes): one read an hour. */
    public Map<Long, Gauges> minutes(String tenant, long firstMinute, long lastMinute) {
        Map<Long, Gauges> out = new HashMap<>();
        for (long hour = firstMinute / 60; hour <= lastMinute / 60; hour++) {
            for (Map.Entry<String, String> field : redis.hash(String.class).hgetall(MetricsKeys.trend(tenant, hour)).entrySet()) {
                long minute = hour * 60 + Long.parseLong(field.getKey());
                if (minute >= firstMinute && minute <= lastMinute) {
                    String[] values = field.getValue().split(",");
                    out.put(minute, new Gauges(Long.parseLong(values[0]), Long.parseLong(values[1]), Long.parseLong(values[2])));
                }
            }
        }
        return out;
    }
}
