package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.metrics.domain.MetricsKeys;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Per-minute maxima of the gauges the trends show ({@code fw:{t}:m:trend:<epoch minute>}),
 * sampled once a second per live tenant by the replica that won the tick and raised here by
 * {@code service/TrendSampler} in a few writes a minute.
 */
@ApplicationScoped
public class TrendStore {

    private static final String RAISE = """
            for i = 1, #ARGV - 1, 2 do
              local old = tonumber(redis.call('HGET', KEYS[1], ARGV[i]))
              if old == nil or tonumber(ARGV[i + 1]) > old then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[#ARGV])
            return 1""";

    private final RedisDataSource redis;

    public TrendStore(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Raises the minute's maxima to these values where they are higher (replicas may raise the same minute). */
    public void raise(String tenant, long epochMinute, long queueLength, long longestWaitSeconds, long onlineAgents,
            Duration retention) {
        redis.execute("EVAL", RAISE, "1", MetricsKeys.trend(tenant, epochMinute),
                "queueLength", Long.toString(queueLength),
                "longestWaitSeconds", Long.toString(longestWaitSeconds),
                "onlineAgents", Long.toString(onlineAgents),
                Long.toString(retention.toSeconds()));
    }

    public Map<String, String> sample(String tenant, long epochMinute) {
        return redis.hash(String.class).hgetall(MetricsKeys.trend(tenant, epochMinute));
    }
}
