package dev.floorwatch.notifier.store;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.json.JsonText;
import dev.floorwatch.common.events.AlertEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;

/**
 * The delivery work in Redis, so that a restart loses nothing and repeats nothing:
 * per receiver, {@code fw:{t}:nt:pending:<r>} (LIST of alert events waiting to go out as one
 * message), {@code dedup:<r>:<transition>} (a transition is queued for a receiver once),
 * {@code sent:<r>} (ZSET of send times: the vendor's rate window), {@code attempts:<r>} (the
 * retry state of the message at the head), and the global {@code fw:nt:due} (ZSET
 * {@code tenant␟receiver} → when its next message is due), which every replica's worker polls.
 */
@ApplicationScoped
public class DeliveryStore {

    /** A message's retry state: the attempts so far and when the first was made. */
    public record Attempts(int count, long firstAt) {
    }

    static final String DUE = "fw:nt:due";
    private static final Duration DEDUP_TTL = Duration.ofDays(7);

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public DeliveryStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public static String member(String tenant, String receiver) {
        return tenant + "\u241f" + receiver;
    }

    private static String key(String tenant, String name, String receiver) {
        return ReceiverStore.key(tenant, name + ":" + receiver);
    }

    /**
     * KEYS: dedup mark, pending list, due. ARGV: event json, dedup ttl, member, due at. The due
     * time is only set if none is (ZADD NX): the group wait starts with the first alert waiting.
     */
    private static final String ENQUEUE = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[1])
            redis.call('ZADD', KEYS[3], 'NX', ARGV[4], ARGV[3])
            return 1""";

    /** Queues a transition for a receiver unless it was queued before; answers whether it was queued now. */
    public boolean enqueue(String tenant, String receiver, String transitionId, AlertEvent event, long dueAt) {
        return redis.execute("EVAL", ENQUEUE, "3", key(tenant, "dedup", receiver + ":" + transitionId),
                key(tenant, "pending", receiver), DUE, write(event), Long.toString(DEDUP_TTL.toSeconds()),
                member(tenant, receiver), Long.toString(dueAt)).toInteger() == 1;
    }

    /** Receivers whose message is due by {@code now}, the longest waiting first. */
    public List<String> due(long now, int limit) {
        return redis.sortedSet(String.class).zrangebyscore(DUE, new ScoreRange<>(null, (double) now),
                new ZRangeArgs().limit(0, limit));
    }

    /** Only one worker (of any replica) handles a receiver at a time; the lease outlives a slow vendor call. */
    public boolean lease(String member, String holder, Duration ttl) {
        return redis.execute("SET", "fw:nt:lease:" + member, holder, "NX", "PX", Long.toString(ttl.toMillis())) != null;
    }

    public void release(String member, String holder) {
        redis.execute("EVAL", "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                "1", "fw:nt:lease:" + member, holder);
    }

    public List<AlertEvent> pending(String tenant, String receiver, int max) {
        return redis.list(String.class).lrange(key(tenant, "pending", receiver), 0, max - 1L).stream()
                .map(v -> read(v, AlertEvent.class)).toList();
    }

    /** Send times within the last minute. */
    public List<Long> sentSince(String tenant, String receiver, long since) {
        return redis.sortedSet(String.class).zrangebyscore(key(tenant, "sent", receiver), new ScoreRange<>((double) since, null))
                .stream().map(Long::parseLong).toList();
    }

    public Attempts attempts(String tenant, String receiver) {
        String value = redis.value(String.class).get(key(tenant, "attempts", receiver));
        return value == null ? new Attempts(0, 0) : read(value, Attempts.class);
    }

    /** The receiver's next message waits until {@code at} (rate window or backoff). */
    public void postpone(String tenant, String receiver, long at) {
        redis.sortedSet(String.class).zadd(DUE, at, member(tenant, receiver));
    }

    /**
     * KEYS: pending, sent, attempts, due. ARGV: n sent alerts, now (a send time; '' when the
     * message failed for good), member, next due when more wait. Removes the message's alerts
     * from the head, records the send, clears the retry state and reschedules or unschedules.
     */
    private static final String DONE = """
            redis.call('LTRIM', KEYS[1], ARGV[1], -1)
            if ARGV[2] ~= '' then
              redis.call('ZADD', KEYS[2], ARGV[2], ARGV[2])
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - 60000)
              redis.call('PEXPIRE', KEYS[2], 120000)
            end
            redis.call('DEL', KEYS[3])
            if redis.call('LLEN', KEYS[1]) > 0 then redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
            else redis.call('ZREM', KEYS[4], ARGV[3]) end
            return 1""";

    /** The message with the first {@code n} pending alerts was delivered (sentAt) or failed for good (sentAt null). */
    public void done(String tenant, String receiver, int n, Long sentAt, long nextDue) {
        redis.execute("EVAL", DONE, "4", key(tenant, "pending", receiver), key(tenant, "sent", receiver),
                key(tenant, "attempts", receiver), DUE, Integer.toString(n), sentAt == null ? "" : Long.toString(sentAt),
                member(tenant, receiver), Long.toString(nextDue));
    }

    /** A retryable failure: remember the attempt and try again at {@code at}. */
    public void retryAt(String tenant, String receiver, Attempts attempts, long at) {
        redis.value(String.class).setex(key(tenant, "attempts", receiver), Duration.ofDays(1).toSeconds(), write(attempts));
        postpone(tenant, receiver, at);
    }

    /** Drops a receiver that no longer exists from the schedule (its pending alerts are kept a day for inspection). */
    public void forget(String tenant, String receiver) {
        redis.sortedSet(String.class).zrem(DUE, member(tenant, receiver));
        redis.key(String.class).expire(key(tenant, "pending", receiver), Duration.ofDays(1).toSeconds());
    }


    private String write(Object value) {
        return JsonText.write(json, value);
    }

    private <T> T read(String value, Class<T> type) {
        return JsonText.read(json, value, type);
    }
}
