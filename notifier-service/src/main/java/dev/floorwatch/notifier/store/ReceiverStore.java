package dev.floorwatch.notifier.store;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.json.JsonText;
import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.notifier.domain.Receiver;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * A tenant's receivers, {@code fw:{t}:nt:receivers} (HASH id → JSON with the secrets), and routes,
 * {@code fw:{t}:nt:routes} (the normalised routes JSON). Receiver secrets are stored as written
 * (Redis is inside the trust boundary); they leave the service only toward the vendor.
 */
@ApplicationScoped
public class ReceiverStore {

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public ReceiverStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    static String key(String tenant, String name) {
        return RedisKeys.tenantPrefix(tenant) + "nt:" + name;
    }

    public List<Receiver> receivers(String tenant) {
        return redis.hash(String.class).hgetall(key(tenant, "receivers")).values().stream()
                .map(v -> read(v, Receiver.class)).sorted(Comparator.comparing(Receiver::id)).toList();
    }

    public Optional<Receiver> receiver(String tenant, String id) {
        return Optional.ofNullable(redis.hash(String.class).hget(key(tenant, "receivers"), id)).map(v -> read(v, Receiver.class));
    }

    /** The stored routes JSON (an array); empty array when none. */
    public JsonNode routes(String tenant) {
        String value = redis.value(String.class).get(key(tenant, "routes"));
        return value == null ? json.createArrayNode() : read(value, JsonNode.class);
    }

    public void replaceReceivers(String tenant, List<Receiver> receivers) {
        List<String> args = new java.util.ArrayList<>(List.of("""
                redis.call('DEL', KEYS[1])
                for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
                return #ARGV / 2""", "1", key(tenant, "receivers")));
        receivers.forEach(r -> {
            args.add(r.id());
            args.add(write(r));
        });
        redis.execute("EVAL", args.toArray(String[]::new));
    }

    public void replaceRoutes(String tenant, JsonNode routes) {
        redis.value(String.class).set(key(tenant, "routes"), routes.toString());
    }

    private String write(Object value) {
        return JsonText.write(json, value);
    }

    private <T> T read(String value, Class<T> type) {
        return JsonText.read(json, value, type);
    }
}
