package dev.floorwatch.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.OverviewCalculator;
import dev.floorwatch.metrics.store.LiveStateStore;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.InMemoryLive;
import dev.floorwatch.metrics.support.Mornings;
import dev.floorwatch.metrics.support.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The overview over the real Redis, where shapes are reused while the live state's version
 * stands: it must be what the calculator computes over the same state, second after second.
 */
@QuarkusTest
class ReadModelServiceTest {

    private static final FloorScript MORNING = Mornings.wholeMorning();

    @Inject
    LiveStateStore store;

    @Inject
    ReadModelService reads;

    @Inject
    MetricsConfig config;

    @Test
    void aFloorLeftAloneFollowsItsClocksAndAnEventShowsAtOnce() {
        String tenant = TestEvents.freshTenant();
        InMemoryLive live = new InMemoryLive();
        OverviewCalculator calculator = new OverviewCalculator(ReadModelService.settings(config));
        long at0905 = MORNING.at("09:05:00").toEpochMilli();
        apply(tenant, MORNING.events(), live, at0905);

        // Queue waits pass the SLA, visitors and first responses leave their windows, the hour windows empty.
        long now = at0905;
        for (; now <= at0905 + 75 * 60_000; now += 3_000) {
            assertEquals(calculator.compute(tenant, live, now), reads.overview(tenant, now), "at +" + (now - at0905) / 1000 + " s");
        }
        Overview quiet = reads.overview(tenant, now);

        List<EventEnvelope> withOneMore = Mornings.wholeMorning().started("10:20:01", "c9", "web", "v9", null).events();
        apply(tenant, withOneMore.subList(withOneMore.size() - 1, withOneMore.size()), live, now);
        Overview after = reads.overview(tenant, now);

        assertEquals(calculator.compute(tenant, live, now), after);
        assertEquals(quiet.traffic().openConversations() + 1, after.traffic().openConversations());
    }

    private void apply(String tenant, List<EventEnvelope> events, InMemoryLive live, long now) {
        ApplyPlanner.TenantPlan plan = FloorScript.plan(tenant, events, live, FloorScript.planner(), Instant.ofEpochMilli(now));
        live.apply(plan);
        store.apply(plan, Duration.ofHours(25));
    }
}
