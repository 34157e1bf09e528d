package dev.floorwatch.alert.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.floorwatch.alert.domain.Silence;
import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;

/** A tenant's silences: {@code fw:{t}:al:silences} (HASH id → JSON); ended ones are dropped on read. */
@ApplicationScoped
public class SilenceStore {

    private final RedisDataSource redis;
    private final ObjectMapper json;
    /** Read on every transition: from Redis at most every 2 s per tenant (and at once after a change here). */
    private final Cache<String, List<Silence>> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(2)).maximumSize(100_000).build();

    public SilenceStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    private static String key(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "al:silences";
    }

    /** Silences that have not ended at {@code now}, by start. */
    public List<Silence> current(String tenant, Instant now) {
        return cache.get(tenant, this::load).stream().filter(s -> s.endsAt().isAfter(now)).toList();
    }

    /** The silence that mutes this alert now, if any. */
    public Optional<Silence> silencing(String tenant, String ruleId, String severity, java.util.Map<String, String> labels,
            Instant at) {
        return current(tenant, at).stream().filter(s -> s.silences(ruleId, severity, labels, at)).findFirst();
    }

    public void save(String tenant, Silence silence) {
        try {
            redis.hash(String.class).hset(key(tenant), silence.id(), json.writeValueAsString(silence));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        cache.invalidate(tenant);
    }

    public boolean delete(String tenant, String id) {
        boolean removed = redis.hash(String.class).hdel(key(tenant), id) > 0;
        cache.invalidate(tenant);
        return removed;
    }

    private List<Silence> load(String tenant) {
        return redis.hash(String.class).hgetall(key(tenant)).values().stream().map(v -> {
            try {
                return json.readValue(v, Silence.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).sorted(Comparator.comparing(Silence::startsAt)).toList();
    }
}
