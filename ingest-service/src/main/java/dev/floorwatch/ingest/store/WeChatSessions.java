package dev.floorwatch.ingest.store;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Which conversation a WeChat follower's pushes belong to: STRING
 * {@code fw:{tenant}:wechat:session:<OpenID>} = {@code <conversation id> <push that opened it>}.
 * A session lasts until {@code kf_close_session} or {@value #IDLE_HOURS} h without a push (WeChat's
 * customer-service window). The opening push is kept so that a redelivery of it (WeChat retries
 * when the answer is late) opens the same session again instead of a second one.
 */
@ApplicationScoped
public class WeChatSessions {

    static final long IDLE_HOURS = 48;

    // Returns the stored value after the call; creates it from ARGV[1] when there is none.
    private static final String OPEN = """
            local current = redis.call('GET', KEYS[1])
            if current == false then
              redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
              return ARGV[1]
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return current""";

    /** The follower's session: its conversation id and whether this push opened it. */
    public record Session(String conversationId, boolean opened) {
    }

    private final ReactiveRedisDataSource redis;

    public WeChatSessions(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The follower's current session, opened by {@code pushKey} as {@code candidate} if none is. */
    public Uni<Session> open(String tenant, String openId, String candidate, String pushKey) {
        return redis.execute("EVAL", OPEN, "1", key(tenant, openId), candidate + " " + pushKey,
                Long.toString(Duration.ofHours(IDLE_HOURS).toSeconds()))
                .map(stored -> {
                    String value = stored.toString();
                    int space = value.indexOf(' ');
                    return new Session(value.substring(0, space), value.substring(space + 1).equals(pushKey));
                });
    }

    /** The follower's open session's conversation id, if any. */
    public Uni<Optional<String>> current(String tenant, String openId) {
        return redis.value(String.class).get(key(tenant, openId))
                .map(value -> Optional.ofNullable(value).map(v -> v.substring(0, v.indexOf(' '))));
    }

    /** Ends the follower's session (after its close was published). */
    public Uni<Void> close(String tenant, String openId) {
        return redis.key().del(key(tenant, openId)).replaceWithVoid();
    }

    private static String key(String tenant, String openId) {
        return RedisKeys.tenantPrefix(tenant) + "wechat:session:" + openId;
    }
}
