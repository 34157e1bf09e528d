package dev.floorwatch.alert.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.common.messaging.RedisChannels;
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

    @Test
    void aRuleWrittenOnOneReplicaIsUsedOnAnotherLongBeforeItsCacheExpires() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        RuleStore otherReplica = new RuleStore(redis, channels, json);
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

    private static List<String> ids(List<RuleParser.Parsed> parsed) {
        return parsed.stream().map(p -> p.rule().id()).toList();
    }
}
