package dev.floorwatch.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.ingest.domain.ChatwootEvents.ConversationState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * What Floorwatch last knew of each Chatwoot conversation (the base its transitions are derived
 * from): STRING {@code fw:{tenant}:chatwoot:<account>:<display id>}, kept {@value #KEEP_DAYS} days
 * after the last change. Written by compare-and-set, so two replicas handling deliveries of one
 * conversation at once cannot both move it from the same state.
 */
@ApplicationScoped
public class ChatwootConversations {

    private static final long KEEP_DAYS = 14;

    // ARGV[1] is the value read before ('' when there was none).
    private static final String SWAP = """
            local current = redis.call('GET', KEYS[1])
            if (current == false and ARGV[1] == '') or current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
              return 1
            end
            return 0""";

    /** A state as read: the parsed value and the raw text to compare against when writing. */
    public record Known(ConversationState state, String raw) {
    }

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;

    public ChatwootConversations(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public Uni<Known> read(String tenant, String account, String display) {
        return redis.value(String.class).get(key(tenant, account, display))
                .map(raw -> new Known(raw == null ? null : parse(raw), raw == null ? "" : raw));
    }

    /** Writes {@code next} if the state is still {@code before}; false when another delivery moved it first. */
    public Uni<Boolean> swap(String tenant, String account, String display, Known before, ConversationState next) {
        String value = write(next);
        if (value.equals(before.raw())) {
            return Uni.createFrom().item(true);
        }
        return redis.execute("EVAL", SWAP, "1", key(tenant, account, display), before.raw(), value,
                Long.toString(Duration.ofDays(KEEP_DAYS).toSeconds()))
                .map(result -> result.toLong() == 1L);
    }

    private ConversationState parse(String raw) {
        try {
            return json.readValue(raw, ConversationState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(ConversationState state) {
        try {
            return json.writeValueAsString(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String key(String tenant, String account, String display) {
        return RedisKeys.tenantPrefix(tenant) + "chatwoot:" + account + ":" + display;
    }
}
