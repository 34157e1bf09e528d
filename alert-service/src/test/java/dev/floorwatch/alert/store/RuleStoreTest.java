package dev.floorwatch.alert.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.common.messaging.RedisChannels;
import dev.floorwatch.common.tenancy.TenantAccess;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Rules cached per replica, on the real Redis: a change on one replica reaches another through its notice. */
@QuarkusTest
class RuleStoreTest {

    private static final String TIMEZONE = "Asia/Shanghai";

    @Inject
    RuleStore rules;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    RedisChannels channels;

    @Inject
    TenantAccess tenants;

    @Test
    void aRuleWrittenOnOneReplicaIsUsedOnAnotherLongBeforeItsCacheExpires() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        RuleStore otherReplica = new RuleStore(redis, channels, tenants, json);
        otherReplica.listen(null);
        assertFalse(ids(otherReplica.rules(tenant, TIMEZONE)).contains("vip-wait"), "the defaults, cached there");

        rules.put(tenant, RuleParser.parse(json.readTree("""
                {"id": "vip-wait", "kind": "threshold", "name": "VIP 等待过长", "metric": "queue.highValueWaiting",
                 "op": ">=", "value": 1, "severity": "critical"}"""), null).parsed(), TIMEZONE);

        // The cache keeps rules 30 s: only the notice makes this pass.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertTrue(ids(otherReplica.rules(tenant, TIMEZONE)).contains("vip-wait")));
        assertEquals(ids(rules.rules(tenant, TIMEZONE)), ids(otherReplica.rules(tenant, TIMEZONE)));
    }

    @Test
    void manyTenantsRulesReadTogetherEachGetItsOwn() throws Exception {
        String first = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String second = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String fresh = "t-" + UUID.randomUUID().toString().substring(0, 12);
        rules.replaceAll(first, List.of(rule("first-only")));
        rules.replaceAll(second, List.of(rule("second-only"), rule("second-too")));
        RuleStore coldReplica = new RuleStore(redis, channels, tenants, json);

        Map<String, List<RuleParser.Parsed>> read = coldReplica.rulesOf(List.of(fresh, second, first));

        assertEquals(List.of("first-only"), ids(read.get(first)));
        assertEquals(List.of("second-only", "second-too"), ids(read.get(second)));
        // A tenant without rules yet gets the defaults, as one read alone would give it.
        assertTrue(ids(read.get(fresh)).contains("queue-length-warning"), ids(read.get(fresh)).toString());
        assertEquals(ids(rules.rules(fresh, TIMEZONE)), ids(read.get(fresh)));
        assertEquals(ids(read.get(second)), ids(coldReplica.rules(second)));
    }

    private RuleParser.Parsed rule(String id) throws Exception {
        return RuleParser.parse(json.readTree("""
                {"id": "%s", "kind": "threshold", "name": "%s", "metric": "queue.length", "op": ">=", "value": 3,
                 "severity": "warning"}""".formatted(id, id)), null).parsed();
    }

    private static List<String> ids(List<RuleParser.Parsed> parsed) {
        return parsed.stream().map(p -> p.rule().id()).toList();
    }
}
