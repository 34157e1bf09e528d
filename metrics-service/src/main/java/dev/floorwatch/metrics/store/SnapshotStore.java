package dev.floorwatch.metrics.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.SavedSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;

/** Saved snapshots: {@code fw:{t}:m:snap:<id>} (JSON, with TTL) and the index {@code fw:{t}:m:snaps} by time. */
@ApplicationScoped
public class SnapshotStore {

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public SnapshotStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public void save(String tenant, SavedSnapshot snapshot, long at, Duration retention) {
        redis.value(String.class).setex(MetricsKeys.snapshot(tenant, snapshot.id()), retention.toSeconds(), write(snapshot));
        index(tenant, snapshot, at, retention);
    }

    /** Saves unless a snapshot of that id exists (an alert's snapshot, read again after a restart); answers whether it saved. */
    public boolean saveOnce(String tenant, SavedSnapshot snapshot, long at, Duration retention) {
        boolean saved = redis.execute("SET", MetricsKeys.snapshot(tenant, snapshot.id()), write(snapshot), "NX", "EX",
                Long.toString(retention.toSeconds())) != null;
        if (saved) {
            index(tenant, snapshot, at, retention);
        }
        return saved;
    }

    public boolean exists(String tenant, String id) {
        return redis.key(String.class).exists(MetricsKeys.snapshot(tenant, id));
    }

    private String write(SavedSnapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void index(String tenant, SavedSnapshot snapshot, long at, Duration retention) {
        redis.sortedSet(String.class).zadd(MetricsKeys.snapshots(tenant), at, snapshot.id());
        redis.sortedSet(String.class).zremrangebyscore(MetricsKeys.snapshots(tenant),
                new io.quarkus.redis.datasource.sortedset.ScoreRange<>(null, (double) (at - retention.toMillis())));
    }

    public Optional<SavedSnapshot> find(String tenant, String id) {
        String value = redis.value(String.class).get(MetricsKeys.snapshot(tenant, id));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(value, SavedSnapshot.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first, without the overviews. */
    public List<SavedSnapshot> list(String tenant, int limit) {
        List<String> ids = redis.sortedSet(String.class).zrange(MetricsKeys.snapshots(tenant), 0, limit - 1,
                new ZRangeArgs().rev());
        List<SavedSnapshot> list = new ArrayList<>();
        for (String id : ids) {
            find(tenant, id).ifPresent(s -> list.add(s.summary()));
        }
        return list;
    }
}
