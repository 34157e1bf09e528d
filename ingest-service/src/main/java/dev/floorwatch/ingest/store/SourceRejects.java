package dev.floorwatch.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * What a source sent that Floorwatch acknowledged but could not use (an unknown event, a payload
 * it cannot map): the newest {@value #KEEP} per tenant for a week, in
 * LIST {@code fw:{tenant}:sources:rejects}, so a tenant can see why a platform's events are missing.
 */
@ApplicationScoped
public class SourceRejects {

    static final int KEEP = 100;

    private static final String PUSH = """
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            redis.call('EXPIRE', KEYS[1], 604800)
            return 1""";

    /** One reject: when, from which source, the source's event name and why. */
    public record Reject(Instant at, String source, String event, String reason) {
    }

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;

    public SourceRejects(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public Uni<Void> record(String tenant, Reject reject) {
        try {
            return redis.execute("EVAL", PUSH, "1", key(tenant), json.writeValueAsString(reject), Integer.toString(KEEP))
                    .replaceWithVoid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Newest first. */
    public Uni<List<Reject>> recent(String tenant) {
        return redis.list(String.class).lrange(key(tenant), 0, KEEP - 1).map(items -> items.stream().map(item -> {
            try {
                return json.readValue(item, Reject.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList());
    }

    private static String key(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "sources:rejects";
    }
}
