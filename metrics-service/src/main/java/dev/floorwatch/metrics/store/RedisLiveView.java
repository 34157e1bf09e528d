package dev.floorwatch.metrics.store;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.floorwatch.metrics.domain.LiveView;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;

/** {@link LiveView} over Redis, one blocking command per read: call it from a worker thread. */
public final class RedisLiveView implements LiveView {

    private final SortedSetCommands<String, String> sortedSets;
    private final HashCommands<String, String, String> hashes;

    public RedisLiveView(RedisDataSource redis) {
        this.sortedSets = redis.sortedSet(String.class);
        this.hashes = redis.hash(String.class);
    }

    @Override
    public long count(String key) {
        return sortedSets.zcard(key);
    }

    @Override
    public long count(String key, long min, long max) {
        return sortedSets.zcount(key, range(min, max));
    }

    @Override
    public OptionalLong lowestScore(String key) {
        var first = sortedSets.zrangeWithScores(key, 0, 0);
        return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of((long) first.get(0).score());
    }

    @Override
    public List<String> members(String key) {
        return sortedSets.zrange(key, 0, -1);
    }

    @Override
    public List<String> membersByScore(String key, long min, long max) {
        return sortedSets.zrangebyscore(key, range(min, max));
    }

    @Override
    public Map<String, String> hash(String key) {
        return hashes.hgetall(key);
    }

    private static ScoreRange<Double> range(long min, long max) {
        return new ScoreRange<>(min == Long.MIN_VALUE ? null : (double) min, max == Long.MAX_VALUE ? null : (double) max);
    }
}
