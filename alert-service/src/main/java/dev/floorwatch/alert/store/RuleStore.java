package dev.floorwatch.alert.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.domain.DefaultRules;
import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.common.tenancy.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * A tenant's rules: {@code fw:{t}:al:rules} (HASH rule id → the rule's JSON). A tenant gets the
 * default rules of ALERTS.md on first use ({@code rules:seeded} marks it, so a tenant that
 * deletes them all keeps none).
 */
@ApplicationScoped
public class RuleStore {

    private final RedisDataSource redis;
    private final ObjectMapper json;
    /** Rules are read on every snapshot (once a second per tenant): parse them once per 2 s. */
    private final Cache<String, List<RuleParser.Parsed>> parsed = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(2)).maximumSize(100_000).build();

    /** Parsed rules by their stored JSON: most tenants share the default rules, and a reload parses only what changed. */
    private final Cache<String, java.util.Optional<RuleParser.Parsed>> byText = Caffeine.newBuilder()
            .maximumSize(100_000).build();

    public RuleStore(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /**
     * The tenant's rules in id order, seeding the defaults (in {@code timezone}) the first time.
     * A change made on another replica is seen within 2 s.
     */
    public List<RuleParser.Parsed> rules(String tenant, String timezone) {
        return parsed.get(tenant, t -> load(t, timezone));
    }

    private List<RuleParser.Parsed> load(String tenant, String timezone) {
        String rulesKey = RedisKeys.tenantPrefix(tenant) + "al:rules";
        Map<String, String> stored = new TreeMap<>(redis.hash(String.class).hgetall(rulesKey));
        // Every write of rules marks the tenant seeded first, so only a tenant without rules can need
        // the defaults: the common reload is one round trip.
        if (stored.isEmpty() && redis.value(String.class).setnx(RedisKeys.tenantPrefix(tenant) + "al:rules:seeded", "1")) {
            for (JsonNode rule : DefaultRules.forTenant(timezone)) {
                RuleParser.Parsed parsed = RuleParser.parse(rule, null).parsed();
                redis.hash(String.class).hsetnx(rulesKey, parsed.rule().id(), parsed.json().toString());
            }
            stored = new TreeMap<>(redis.hash(String.class).hgetall(rulesKey));
        }
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
        String rulesKey = RedisKeys.tenantPrefix(tenant) + "al:rules";
        redis.value(String.class).set(RedisKeys.tenantPrefix(tenant) + "al:rules:seeded", "1");
        redis.key().del(rulesKey);
        for (RuleParser.Parsed rule : rules) {
            redis.hash(String.class).hset(rulesKey, rule.rule().id(), rule.json().toString());
        }
        parsed.invalidate(tenant);
    }

    /** Adds or replaces one rule; answers whether it existed. */
    public boolean put(String tenant, RuleParser.Parsed rule, String timezone) {
        rules(tenant, timezone); // seeds the defaults first, so adding a rule keeps them
        boolean created = redis.hash(String.class).hset(RedisKeys.tenantPrefix(tenant) + "al:rules", rule.rule().id(),
                rule.json().toString());
        parsed.invalidate(tenant);
        return !created;
    }

    public boolean delete(String tenant, String id, String timezone) {
        rules(tenant, timezone);
        boolean removed = redis.hash(String.class).hdel(RedisKeys.tenantPrefix(tenant) + "al:rules", id) > 0;
        parsed.invalidate(tenant);
        return removed;
    }
}
