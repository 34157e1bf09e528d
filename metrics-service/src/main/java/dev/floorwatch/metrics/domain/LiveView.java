package dev.floorwatch.metrics.domain;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Read access to a tenant's sorted sets and hashes, as the overview needs it. Scores are epoch
 * milliseconds; ranges are inclusive, with {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} as
 * open ends. Implemented over Redis in {@code store/RedisLiveView}.
 */
public interface LiveView {

    long count(String key);

    long count(String key, long min, long max);

    OptionalLong lowestScore(String key);

    List<String> members(String key);

    List<String> membersByScore(String key, long min, long max);

    Map<String, String> hash(String key);
}
