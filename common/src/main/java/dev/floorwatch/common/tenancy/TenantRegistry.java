package dev.floorwatch.common.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * The tenant registry in Redis (layout in {@link RedisKeys}). Bearer credentials are stored only
 * as SHA-256 hashes; the signing secret is stored retrievably (it must verify signatures) and
 * leaves this class only through {@link #signingSecrets}.
 */
@ApplicationScoped
public class TenantRegistry {

    private static final String F_ID = "id";
    private static final String F_NAME = "name";
    private static final String F_TIMEZONE = "timezone";
    private static final String F_CREATED = "createdAt";
    private static final String F_RATE = "rateLimit.eventsPerSecond";
    private static final String F_BURST = "rateLimit.burst";
    private static final String F_SECRET = "signingSecret";
    private static final String F_SECRET_PREVIOUS = "signingSecret.previous";

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveSetCommands<String, String> sets;
    private final ReactiveSortedSetCommands<String, String> liveTenants;
    private final Clock clock;

    @Inject
    public TenantRegistry(ReactiveRedisDataSource redis) {
        this(redis, Clock.systemUTC());
    }

    TenantRegistry(ReactiveRedisDataSource redis, Clock clock) {
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.sets = redis.set(String.class);
        this.liveTenants = redis.sortedSet(String.class);
        this.clock = clock;
    }

    /** Creates the tenant with a full set of credentials; empty when the id is taken. */
    public Uni<Optional<IssuedCredentials>> create(String id, String name, String timezone,
            Tenant.IngestRateLimit rateLimit) {
        String key = RedisKeys.tenant(id);
        return hashes.hsetnx(key, F_ID, id).flatMap(created -> {
            if (!created) {
                return Uni.createFrom().item(Optional.<IssuedCredentials>empty());
            }
            Instant now = clock.instant();
            Map<String, String> fields = new HashMap<>();
            fields.put(F_NAME, name);
            fields.put(F_TIMEZONE, timezone);
            fields.put(F_CREATED, now.toString());
            if (rateLimit != null) {
                fields.put(F_RATE, Integer.toString(rateLimit.eventsPerSecond()));
                fields.put(F_BURST, Integer.toString(rateLimit.burst()));
            }
            Map<CredentialKind, String> issued = new EnumMap<>(CredentialKind.class);
            List<Uni<Void>> writes = new ArrayList<>();
            for (CredentialKind kind : CredentialKind.values()) {
                String token = CredentialTokens.generate(kind);
                issued.put(kind, token);
                fields.putAll(credentialFields(kind, token, now));
                if (kind.role() != null) {
                    writes.add(values.set(RedisKeys.credential(CredentialTokens.hash(token)), id + ":" + kind.role()));
                }
            }
            writes.add(hashes.hset(key, fields).replaceWithVoid());
            writes.add(sets.sadd(RedisKeys.TENANTS, id).replaceWithVoid());
            return Uni.join().all(writes).andFailFast()
                    .map(ignored -> Optional.of(issuedCredentials(id, name, timezone, issued)));
        });
    }

    public Uni<Optional<Tenant>> find(String id) {
        return hashes.hgetall(RedisKeys.tenant(id)).map(fields -> fields.containsKey(F_CREATED)
                ? Optional.of(toTenant(fields))
                : Optional.empty());
    }

    public Uni<List<String>> ids() {
        return sets.smembers(RedisKeys.TENANTS).map(ids -> ids.stream().sorted().toList());
    }

    /**
     * Issues new credentials of the given kinds. The previous ones keep working for {@code grace}
     * (zero revokes them at once).
     */
    public Uni<Optional<IssuedCredentials>> rotate(String id, Collection<CredentialKind> kinds, Duration grace) {
        String key = RedisKeys.tenant(id);
        return hashes.hgetall(key).flatMap(fields -> {
            if (!fields.containsKey(F_CREATED)) {
                return Uni.createFrom().item(Optional.<IssuedCredentials>empty());
            }
            Instant now = clock.instant();
            Instant previousUntil = now.plus(grace);
            Map<String, String> updates = new HashMap<>();
            Map<CredentialKind, String> issued = new EnumMap<>(CredentialKind.class);
            List<Uni<Void>> writes = new ArrayList<>();
            for (CredentialKind kind : kinds) {
                String token = CredentialTokens.generate(kind);
                issued.put(kind, token);
                updates.putAll(credentialFields(kind, token, now));
                String oldHash = fields.get(hashField(kind));
                if (grace.isZero()) {
                    updates.put(previousHashField(kind), "");
                    updates.put(previousUntilField(kind), "");
                } else {
                    updates.put(previousHashField(kind), oldHash == null ? "" : oldHash);
                    updates.put(previousUntilField(kind), previousUntil.toString());
                }
                if (kind == CredentialKind.SIGNING_SECRET) {
                    updates.put(F_SECRET_PREVIOUS, grace.isZero() ? "" : fields.getOrDefault(F_SECRET, ""));
                } else {
                    writes.add(values.set(RedisKeys.credential(CredentialTokens.hash(token)), id + ":" + kind.role()));
                    if (oldHash != null && !oldHash.isEmpty()) {
                        writes.add(grace.isZero()
                                ? keys.del(RedisKeys.credential(oldHash)).replaceWithVoid()
                                : keys.expire(RedisKeys.credential(oldHash), grace).replaceWithVoid());
                    }
                }
            }
            writes.add(hashes.hset(key, updates).replaceWithVoid());
            return Uni.join().all(writes).andFailFast().map(ignored -> Optional.of(issuedCredentials(id,
                    fields.get(F_NAME), fields.get(F_TIMEZONE), issued)));
        });
    }

    /** Deletes the tenant, its credentials and every key under its prefix. False when unknown. */
    public Uni<Boolean> delete(String id) {
        String key = RedisKeys.tenant(id);
        return hashes.hgetall(key).flatMap(fields -> {
            if (!fields.containsKey(F_CREATED)) {
                return Uni.createFrom().item(false);
            }
            List<String> credentialKeys = new ArrayList<>();
            for (CredentialKind kind : CredentialKind.values()) {
                for (String field : List.of(hashField(kind), previousHashField(kind))) {
                    String hash = fields.get(field);
                    if (hash != null && !hash.isEmpty() && kind.role() != null) {
                        credentialKeys.add(RedisKeys.credential(hash));
                    }
                }
            }
            Uni<?> credentialsGone = credentialKeys.isEmpty() ? Uni.createFrom().voidItem()
                    : keys.del(credentialKeys.toArray(String[]::new));
            // Credentials first, so the tenant is locked out before its data goes; off the tick before
            // its keys go, so no tick writes them again.
            return credentialsGone
                    .flatMap(ignored -> sets.srem(RedisKeys.TENANTS, id))
                    .flatMap(ignored -> liveTenants.zrem(RedisKeys.LIVE_TENANTS, id))
                    .flatMap(ignored -> deletePrefix(RedisKeys.tenantPrefix(id)))
                    .map(ignored -> true);
        });
    }

    /** Who holds the bearer token with this SHA-256 hash, if anyone. */
    public Uni<Optional<Caller>> callerOf(String tokenHash) {
        return values.get(RedisKeys.credential(tokenHash)).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            int colon = value.lastIndexOf(':');
            return Optional.of(new Caller(value.substring(0, colon), Role.valueOf(value.substring(colon + 1))));
        });
    }

    /** The signing secrets that verify now: the current one and, within its grace, the previous. */
    public Uni<List<String>> signingSecrets(String id) {
        return hashes.hgetall(RedisKeys.tenant(id)).map(fields -> {
            List<String> secrets = new ArrayList<>(2);
            String current = fields.get(F_SECRET);
            if (current != null && !current.isEmpty()) {
                secrets.add(current);
            }
            String previous = fields.get(F_SECRET_PREVIOUS);
            String until = fields.get(previousUntilField(CredentialKind.SIGNING_SECRET));
            if (previous != null && !previous.isEmpty() && until != null && !until.isEmpty()
                    && clock.instant().isBefore(Instant.parse(until))) {
                secrets.add(previous);
            }
            return secrets;
        });
    }

    private Uni<Void> deletePrefix(String prefix) {
        // Not on a hot path: SCAN is fine for a tenant deletion. Each step examines COUNT keys of the whole
        // keyspace (mostly other tenants' idempotency marks), so a large step keeps the round trips few.
        return keys.scan(new KeyScanArgs().match(prefix + "*").count(10_000)).toMulti()
                .group().intoLists().of(500)
                .onItem().transformToUniAndConcatenate(batch -> keys.unlink(batch.toArray(String[]::new)))
                .collect().last().replaceWithVoid();
    }

    private static Map<String, String> credentialFields(CredentialKind kind, String token, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (kind == CredentialKind.SIGNING_SECRET) {
            fields.put(F_SECRET, token);
        } else {
            fields.put(hashField(kind), CredentialTokens.hash(token));
        }
        fields.put("cred." + kind.jsonName() + ".issuedAt", now.toString());
        return fields;
    }

    private static String hashField(CredentialKind kind) {
        return "cred." + kind.jsonName() + ".hash";
    }

    private static String previousHashField(CredentialKind kind) {
        return "cred." + kind.jsonName() + ".previousHash";
    }

    private static String previousUntilField(CredentialKind kind) {
        return "cred." + kind.jsonName() + ".previousUntil";
    }

    private Tenant toTenant(Map<String, String> fields) {
        Tenant.IngestRateLimit rateLimit = fields.containsKey(F_RATE)
                ? new Tenant.IngestRateLimit(Integer.parseInt(fields.get(F_RATE)), Integer.parseInt(fields.get(F_BURST)))
                : null;
        Map<String, Tenant.CredentialState> credentials = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (CredentialKind kind : CredentialKind.values()) {
            String issuedAt = fields.get("cred." + kind.jsonName() + ".issuedAt");
            String until = fields.get(previousUntilField(kind));
            Instant previousUntil = until == null || until.isEmpty() ? null : Instant.parse(until);
            credentials.put(kind.jsonName(), new Tenant.CredentialState(
                    issuedAt == null ? null : Instant.parse(issuedAt),
                    previousUntil != null && previousUntil.isAfter(now) ? previousUntil : null));
        }
        return new Tenant(fields.get(F_ID), fields.get(F_NAME), fields.get(F_TIMEZONE),
                Instant.parse(fields.get(F_CREATED)), rateLimit, credentials);
    }

    private static IssuedCredentials issuedCredentials(String id, String name, String timezone,
            Map<CredentialKind, String> issued) {
        return new IssuedCredentials(id, name, timezone, issued.get(CredentialKind.INGEST_KEY),
                issued.get(CredentialKind.SIGNING_SECRET), issued.get(CredentialKind.ADMIN_TOKEN),
                issued.get(CredentialKind.VIEWER_TOKEN));
    }
}
