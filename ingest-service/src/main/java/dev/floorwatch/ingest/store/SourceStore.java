package dev.floorwatch.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.domain.SourceSettings.Source;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's source settings: HASH {@code fw:{tenant}:sources}, one JSON field per source. The
 * secrets are stored retrievably (they verify signatures and decrypt pushes) and leave this
 * class only towards the webhook routes; reads for people go through {@link SourceSettings#view}.
 */
@ApplicationScoped
public class SourceStore {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final ChatwootAgentStatuses agentStatuses;

    public SourceStore(ReactiveRedisDataSource redis, ObjectMapper json, ChatwootAgentStatuses agentStatuses) {
        this.hashes = redis.hash(String.class);
        this.json = json;
        this.agentStatuses = agentStatuses;
    }

    public Uni<Optional<SourceSettings.Chatwoot>> chatwoot(String tenant) {
        return read(tenant, Source.CHATWOOT, SourceSettings.Chatwoot.class);
    }

    public Uni<Optional<SourceSettings.WeChat>> weChat(String tenant) {
        return read(tenant, Source.WECHAT, SourceSettings.WeChat.class);
    }

    public Uni<Optional<SourceSettings.Beacon>> beacon(String tenant) {
        return read(tenant, Source.BEACON, SourceSettings.Beacon.class);
    }

    public Uni<Void> put(String tenant, Source source, Object settings) {
        try {
            Uni<Void> stored = hashes.hset(key(tenant), source.wireName(), json.writeValueAsString(settings)).replaceWithVoid();
            return settings instanceof SourceSettings.Chatwoot chatwoot
                    ? stored.call(ignored -> agentStatuses.setPolling(tenant, chatwoot.polls()))
                    : stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Uni<Boolean> delete(String tenant, Source source) {
        return hashes.hdel(key(tenant), source.wireName()).map(removed -> removed > 0)
                .call(removed -> source == Source.CHATWOOT ? agentStatuses.setPolling(tenant, false) : Uni.createFrom().voidItem());
    }

    /** Every configured source in its read view (no secrets). */
    public Uni<Map<String, Object>> views(String tenant) {
        return hashes.hgetall(key(tenant)).map(fields -> {
            Map<String, Object> views = new LinkedHashMap<>();
            for (Source source : Source.values()) {
                String stored = fields.get(source.wireName());
                if (stored != null) {
                    views.put(source.wireName(), SourceSettings.view(parse(stored, typeOf(source))));
                }
            }
            return views;
        });
    }

    private <T> Uni<Optional<T>> read(String tenant, Source source, Class<T> type) {
        return hashes.hget(key(tenant), source.wireName()).map(stored -> Optional.ofNullable(stored).map(s -> parse(s, type)));
    }

    private <T> T parse(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> typeOf(Source source) {
        return switch (source) {
            case CHATWOOT -> SourceSettings.Chatwoot.class;
            case WECHAT -> SourceSettings.WeChat.class;
            case BEACON -> SourceSettings.Beacon.class;
        };
    }

    private static String key(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "sources";
    }
}
