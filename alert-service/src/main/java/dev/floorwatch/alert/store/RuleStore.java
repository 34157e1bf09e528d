package dev.floorwatch.alert.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.domain.DefaultRules;
import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.common.messaging.RedisChannels;
import dev.floorwatch.common.redis.RedisBatches;
import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.common.tenancy.TenantAccess;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A tenant's rules: {@code fw:{t}:al:rules} (HASH rule id → the rule's JSON). A tenant gets the
 * default rules of ALERTS.md on first use ({@code rules:seeded} marks it, so a tenant that
 * deletes them all keeps none).
 */
@ApplicationScoped
public class RuleStore {

    /** Pub/sub channel where a replica names a tenant whose rules it just wrote: every replica reloads them. */
    static final String CHANGES_CHANNEL = "fw:al:rules-changed";

    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    private final RedisDataSource redis;
    private final ObjectMapper json;
    /**
     * Rules are read on every snapshot (once a second per tenant) and reloaded on a change notice;
     * the expiry only bounds how long a lost notice (a broken subscription) goes unseen.
     */
    private final Cache<String, List<RuleParser.Parsed>> parsed = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(100_000).build();

    /** Parsed rules by their stored JSON: most tenants share the default rules, and a reload parses only what changed. */
    private final Cache<String, java.util.Optional<RuleParser.Parsed>> byText = Caffeine.newBuilder()
            .maximumSize(100_000).build();

    private final RedisChannels channels;
    private final TenantAccess tenants;

    /** A hash as a flat list of fields and values, whatever protocol the connection speaks. */
    private static final String HASH = "return redis.call('HGETALL', KEYS[1])";

    public RuleStore(RedisDataSource redis, RedisChannels channels, TenantAccess tenants, ObjectMapper json) {
        this.redis = redis;
        this.channels = channels;
        this.tenants = tenants;
        this.json = json;
    }

    void listen(@Observes StartupEvent start) {
        // Off the I/O thread: an invalidation can wait on a load in progress, which waits on Redis.
        channels.subscribe(CHANGES_CHANNEL,
                tenant -> Infrastructure.getDefaultWorkerPool().execute(() -> parsed.invalidate(tenant)));
    }

    /**
     * The tenant's rules in id order, seeding the defaults (in {@code timezone}) the first time.
     * A change made on another replica is seen as soon as its notice arrives (within 30 s if it is lost).
     */
    public List<RuleParser.Parsed> rules(String tenant, String timezone) {
        return parsed.get(tenant, t -> load(t, timezone));
    }

    /** The tenant's rules, for the consumers: see {@link #rulesOf}. */
    public List<RuleParser.Parsed> rules(String tenant) {
        return rulesOf(List.of(tenant)).get(tenant);
    }

    /**
     * The rules of many tenants: those not cached are read in one pipelined round trip. Every
     * tenant's rules are used each second and were cached about together, so they expire together:
     * read one by one, a thousand tenants' stalled alert-service's snapshots for seconds every 30 s.
     * A tenant without rules yet is seeded with the defaults in its time zone.
     */
    public Map<String, List<RuleParser.Parsed>> rulesOf(Collection<String> tenants) {
        return parsed.getAll(tenants, this::loadAll);
    }

    private Map<String, List<RuleParser.Parsed>> loadAll(Set<? extends String> missing) {
        List<String> ids = List.copyOf(missing);
        List<Request> reads = new ArrayList<>(ids.size());
        ids.forEach(tenant -> reads.add(Request.cmd(Command.EVAL).arg(HASH).arg(1).arg(rulesKey(tenant))));
        List<Response> answers = RedisBatches.send(redis, reads);
        Map<String, List<RuleParser.Parsed>> loaded = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> stored = new TreeMap<>();
            Response pairs = answers.get(i);
            for (int f = 0; f + 1 < pairs.size(); f += 2) {
                stored.put(pairs.get(f).toString(), pairs.get(f + 1).toString());
            }
            String tenant = ids.get(i);
            loaded.put(tenant, stored.isEmpty() ? load(tenant, this.tenants.timezone(tenant)) : fromStored(stored));
        }
        return loaded;
    }

    private static String rulesKey(String tenant) {
        return RedisKeys.tenantPrefix(tenant) + "al:rules";
    }

    private List<RuleParser.Parsed> load(String tenant, String timezone) {
        String rulesKey = rulesKey(tenant);
        Map<String, String> stored = new TreeMap<>(redis.hash(String.class).hgetall(rulesKey));
        // Every write of rules marks the tenant seeded first, so only a tenant without rules can need
        // the defaults: the common reload is one round trip.
        if (stored.isEmpty() && redis.value(String.class).setnx(RedisKeys.tenantPrefix(tenant) + "al:rules:seeded", "1")) {
            for (JsonNode rule : DefaultRules.forTenant(timezone)) {
                RuleParser.Parsed parsed = RuleParser.parse(rule, null).parsed();
                redis.hash(String.class).hsetnx(rulesKey, parsed.rule().id(), parsed.json().toString());
            }
            stored = new TreeMap<>(redis.hash(String.class).hgetall(rulesKey));
            notice(tenant); // not invalidated here: this is the cache's own load
        }
        return fromStored(stored);
    }

    /** Stored rules (by id) parsed, in id order. */
    private List<RuleParser.Parsed> fromStored(Map<String, String> stored) {
        List<RuleParser.Parsed> rules = new ArrayList<>();
        stored.values().forEach(text -> byText.get(text, this::parse).ifPresent(rules::add));
        return rules;
    }

    private java.util.Optional<RuleParser.Parsed> parse(String text) {
        try {
            RuleParser.Outcome outcome = RuleParser.parse(json.readTree(text), null);
            return outcome.valid() ? java.util.Optional.of(outcome.parsed()) : java.util.Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("stored rule is not JSON", e);
        }
    }

    /** Replaces all of the tenant's rules (already validated). */
    public void replaceAll(String tenant, List<RuleParser.Parsed> rules) {
        String rulesKey = rulesKey(tenant);
        redis.value(String.class).set(RedisKeys.tenantPrefix(tenant) + "al:rules:seeded", "1");
        redis.key().del(rulesKey);
        for (RuleParser.Parsed rule : rules) {
            redis.hash(String.class).hset(rulesKey, rule.rule().id(), rule.json().toString());
        }
        changed(tenant);
    }

    /** Adds or replaces one rule; answers whether it existed. */
    public boolean put(String tenant, RuleParser.Parsed rule, String timezone) {
        rules(tenant, timezone); // seeds the defaults first, so adding a rule keeps them
        boolean created = redis.hash(String.class).hset(rulesKey(tenant), rule.rule().id(),
                rule.json().toString());
        changed(tenant);
        return !created;
    }

    public boolean delete(String tenant, String id, String timezone) {
        rules(tenant, timezone);
        boolean removed = redis.hash(String.class).hdel(rulesKey(tenant), id) > 0;
        changed(tenant);
        return removed;
    }

    /** Forgets the tenant's parsed rules here at once, and on every replica when the notice arrives. */
    private void changed(String tenant) {
        parsed.invalidate(tenant);
        notice(tenant);
    }

    private void notice(String tenant) {
        try {
            redis.pubsub(String.class).publish(CHANGES_CHANNEL, tenant);
        } catch (RuntimeException e) {
            LOG.warnf("rule change notice for %s not sent, other replicas see it within 30 s: %s", tenant, e.toString());
        }
    }
}
