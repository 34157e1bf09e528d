package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.redis.RedisBatches;
import dev.floorwatch.metrics.domain.MetricsKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

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

    /** A tenant's minute maxima to raise. */
    public record Raise(String tenant, long epochMinute, long queueLength, long longestWaitSeconds, long onlineAgents) {
    }

    /**
     * Raises each minute's maxima to these values where they are higher (replicas may raise the
     * same minute), all in one pipelined round trip: a flush covers every live tenant, and one
     * blocking write each held the tick's next round up for seconds.
     */
    public void raiseAll(List<Raise> raises, Duration retention) {
        List<Request> scripts = new ArrayList<>(raises.size());
        for (Raise raise : raises) {
            scripts.add(Request.cmd(Command.EVAL).arg(RAISE).arg(1).arg(MetricsKeys.trend(raise.tenant(), raise.epochMinute()))
                    .arg("queueLength").arg(raise.queueLength())
                    .arg("longestWaitSeconds").arg(raise.longestWaitSeconds())
                    .arg("onlineAgents").arg(raise.onlineAgents())
                    .arg(retention.toSeconds()));
        }
        RedisBatches.send(redis, scripts);
    }

    public Map<String, String> sample(String tenant, long epochMinute) {
        return redis.hash(String.class).hgetall(MetricsKeys.trend(tenant, epochMinute));
    }
}
