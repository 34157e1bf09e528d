package dev.floorwatch.notifier.store;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.json.JsonText;
import dev.floorwatch.notifier.domain.Delivery;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;

/** Every delivery attempt, {@code fw:{t}:nt:log} (ZSET JSON → time), kept 7 days. */
@ApplicationScoped
public class DeliveryLog {

    public static final Duration RETENTION = Duration.ofDays(7);

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public DeliveryLog(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public void record(String tenant, Delivery delivery) {
        String key = ReceiverStore.key(tenant, "log");
        long at = delivery.at().toEpochMilli();
        redis.sortedSet(String.class).zadd(key, at, JsonText.write(json, delivery));
        redis.sortedSet(String.class).zremrangebyscore(key, new ScoreRange<>(null, (double) (at - RETENTION.toMillis())));
    }

    /**
     * Members of a time-scored ZSET from {@code since} on, newest first (ZRANGE … BYSCORE REV takes
     * the maximum first, which the typed API's reversed score range does not say).
     */
    static List<String> newestFirst(RedisDataSource redis, String key, long since, int limit) {
        List<String> members = new java.util.ArrayList<>();
        redis.execute("ZRANGE", key, "+inf", Long.toString(since), "BYSCORE", "REV", "LIMIT", "0", Integer.toString(limit))
                .forEach(r -> members.add(r.toString()));
        return members;
    }

    /** Newest first, filtered by receiver and outcome when given. */
    public List<Delivery> list(String tenant, long since, String receiver, String outcome, int limit) {
        return newestFirst(redis, ReceiverStore.key(tenant, "log"), since, 5_000).stream()
                .map(v -> JsonText.read(json, v, Delivery.class))
                .filter(d -> receiver == null || d.receiver().equals(receiver))
                .filter(d -> outcome == null || d.outcome().equals(outcome))
                .limit(limit).toList();
    }
}
