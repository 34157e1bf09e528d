package dev.floorwatch.notifier.store;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.json.JsonText;
import dev.floorwatch.common.messaging.FeedPublisher;
import dev.floorwatch.notifier.domain.InAppNotification;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;

/**
 * In-app notifications, {@code fw:{t}:nt:inapp} (ZSET JSON → time), kept 7 days, each also
 * pushed to the tenant's open wallboards as a {@code notification} event (via the feed).
 */
@ApplicationScoped
public class InAppStore {

    private static final Duration RETENTION = Duration.ofDays(7);

    private final RedisDataSource redis;
    private final ObjectMapper json;

    private final FeedPublisher feed;

    public InAppStore(RedisDataSource redis, ObjectMapper json, FeedPublisher feed) {
        this.redis = redis;
        this.json = json;
        this.feed = feed;
    }

    public void add(String tenant, InAppNotification notification) {
        String key = ReceiverStore.key(tenant, "inapp");
        long at = notification.at().toEpochMilli();
        redis.sortedSet(String.class).zadd(key, at, JsonText.write(json, notification));
        redis.sortedSet(String.class).zremrangebyscore(key, new ScoreRange<>(null, (double) (at - RETENTION.toMillis())));
        feed.publish(tenant, "notification", notification);
    }

    /** Newest first. */
    public List<InAppNotification> list(String tenant, long since, int limit) {
        return DeliveryLog.newestFirst(redis, ReceiverStore.key(tenant, "inapp"), since, limit).stream()
                .map(v -> JsonText.read(json, v, InAppNotification.class)).toList();
    }
}
