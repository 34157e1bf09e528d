package dev.floorwatch.alert.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.common.events.AlertEvent;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The snapshots of many tenants are evaluated together, against the real Redis: each tenant's
 * snapshot must be stepped from that tenant's own stored state, whatever the order of the
 * tenants in the call.
 */
@QuarkusTest
class ThresholdAlertsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    @Inject
    ThresholdAlerts thresholds;

    @Inject
    RuleStore rules;

    @Inject
    AlertStore alerts;

    @Inject
    ObjectMapper json;

    @Test
    void eachTenantOfACallIsSteppedFromItsOwnState() throws Exception {
        String a = tenant();
        String b = tenant();
        String c = tenant();

        List<ThresholdAlerts.Outcome> first = thresholds.evaluate(List.of(snapshot(a, T0, 10), snapshot(b, T0, 0),
                snapshot(c, T0, 12)));
        assertEquals(List.of(a + " firing 10.0"), transitions(first.get(0)));
        assertEquals(List.of(), transitions(first.get(1)));
        assertEquals(List.of(c + " firing 12.0"), transitions(first.get(2)));

        // Another order, and answers that only the right stored state gives: c resolves, b fires, a stays firing.
        Instant t1 = T0.plusSeconds(1);
        List<ThresholdAlerts.Outcome> second = thresholds.evaluate(List.of(snapshot(c, t1, 0), snapshot(b, t1, 7),
                snapshot(a, t1, 11)));
        assertEquals(List.of(c + " resolved 0.0"), transitions(second.get(0)));
        assertEquals(List.of(b + " firing 7.0"), transitions(second.get(1)));
        assertEquals(List.of(), transitions(second.get(2)));
        assertEquals(1, alerts.open(a).size());
        assertEquals(1, alerts.open(b).size());
        assertEquals(0, alerts.open(c).size());

        // A replay is skipped for every tenant; each one's transitions still wait in its outbox.
        List<ThresholdAlerts.Outcome> replay = thresholds.evaluate(List.of(snapshot(a, t1, 11), snapshot(b, t1, 7),
                snapshot(c, t1, 0)));
        replay.forEach(outcome -> assertEquals(List.of(), outcome.transitions()));
        replay.forEach(outcome -> assertTrue(outcome.outboxWaiting()));
        assertEquals(1, alerts.outbox(a).size());
        assertEquals(1, alerts.outbox(b).size());
        assertEquals(2, alerts.outbox(c).size());
    }

    @Test
    void twoSnapshotsOfOneTenantAreNotEvaluatedTogether() throws Exception {
        String a = tenant();
        assertThrows(IllegalArgumentException.class,
                () -> thresholds.evaluate(List.of(snapshot(a, T0, 1), snapshot(a, T0.plusSeconds(1), 2))));
    }

    /** A tenant whose only rule (its id differs per tenant) fires at once when 5 or more wait, and resolves at once. */
    private String tenant() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        rules.replaceAll(tenant, List.of(RuleParser.parse(json.readTree("""
                {"id": "queue-%s", "kind": "threshold", "name": "排队", "metric": "queue.length", "op": ">=", "value": 5,
                 "severity": "warning", "keepFiringFor": "0s"}""".formatted(tenant)), null).parsed()));
        return tenant;
    }

    private ThresholdAlerts.Snapshot snapshot(String tenant, Instant at, int queued) throws Exception {
        return ThresholdAlerts.Snapshot.of(tenant, json.readTree(
                "{\"tenant\": \"" + tenant + "\", \"at\": \"" + at + "\", \"queue\": {\"length\": " + queued + "}}"));
    }

    private static List<String> transitions(ThresholdAlerts.Outcome outcome) {
        return outcome.transitions().stream().map(ThresholdAlertsTest::describe).toList();
    }

    private static String describe(AlertEvent event) {
        return event.tenant() + " " + event.state() + " " + event.value();
    }
}
