package dev.floorwatch.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.OverviewCalculator;
import dev.floorwatch.metrics.store.LiveStateStore;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.InMemoryLive;
import dev.floorwatch.metrics.support.Mornings;
import dev.floorwatch.metrics.support.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A poll spans tenants, and their reads and writes go to the real Redis together: each tenant's
 * events must still be planned on that tenant's own stored states, and a tenant whose events were
 * all applied before must not shift the others' answers.
 */
@QuarkusTest
class LiveStateServiceTest {

    private static final List<EventEnvelope> MORNING = Mornings.wholeMorning().events();

    @Inject
    LiveStateService service;

    @Inject
    ReadModelService reads;

    @Inject
    MetricsConfig config;

    @Inject
    LiveStateStore store;

    @Test
    void eachTenantOfAPollIsPlannedOnItsOwnState() {
        // The same conversations at different times, so one tenant's states would show in another's overview.
        String early = TestEvents.freshTenant();
        String late = TestEvents.freshTenant();
        String replayed = TestEvents.freshTenant();
        List<EventEnvelope> earlyDay = TestEvents.forTenant(MORNING, early);
        List<EventEnvelope> lateDay = TestEvents.forTenant(FloorScript.shifted(MORNING, Duration.ofMinutes(3)), late);
        List<EventEnvelope> replayedDay = TestEvents.forTenant(MORNING, replayed);
        int half = MORNING.size() / 2;
        long now = MORNING.stream().map(EventEnvelope::occurredAt).max(Instant::compareTo).orElseThrow().plusSeconds(300).toEpochMilli();

        Map<String, Long> first = service.apply(interleaved(earlyDay.subList(0, half), lateDay.subList(0, half),
                replayedDay.subList(0, half)), now);
        assertEquals(Set.of(early, late, replayed), first.keySet());

        // The second poll starts with a tenant that has nothing new, then the rest of the other two days.
        List<EventEnvelope> second = new ArrayList<>(replayedDay.subList(0, half));
        second.addAll(interleaved(earlyDay.subList(half, MORNING.size()), lateDay.subList(half, MORNING.size())));
        assertEquals(Set.of(early, late), service.apply(second, now).keySet());

        OverviewCalculator calculator = new OverviewCalculator(ReadModelService.settings(config));
        var earlyOverview = reads.overview(early, now);
        var lateOverview = reads.overview(late, now);
        assertEquals(calculator.compute(early, expected(early, earlyDay, half, now), now), earlyOverview);
        assertEquals(calculator.compute(late, expected(late, lateDay, half, now), now), lateOverview);
        assertNotEquals(earlyOverview.queue(), lateOverview.queue(), "the two days must differ for this test to mean anything");
        assertEquals(calculator.compute(replayed, expected(replayed, replayedDay.subList(0, half), half, now), now),
                reads.overview(replayed, now));

        // The tick reads a shard's versions together: each answer is its own tenant's.
        String never = TestEvents.freshTenant();
        assertNotEquals(store.version(early), store.version(replayed), "the versions must differ for this to mean anything");
        assertEquals(Arrays.asList(store.version(replayed), null, store.version(early)),
                store.versions(List.of(replayed, never, early)));

        // Everything again: nothing changes, no tenant is reported changed.
        List<EventEnvelope> all = interleaved(earlyDay, lateDay, replayedDay.subList(0, half));
        assertEquals(Map.of(), service.apply(all, now));
        assertEquals(earlyOverview, reads.overview(early, now));
        assertEquals(lateOverview, reads.overview(late, now));
    }

    /** The tenant's day applied in memory in the same two parts, as the service would have planned it alone. */
    private static InMemoryLive expected(String tenant, List<EventEnvelope> day, int half, long now) {
        InMemoryLive live = new InMemoryLive();
        Instant at = Instant.ofEpochMilli(now);
        live.apply(FloorScript.plan(tenant, day.subList(0, Math.min(half, day.size())), live, FloorScript.planner(), at));
        if (day.size() > half) {
            live.apply(FloorScript.plan(tenant, day.subList(half, day.size()), live, FloorScript.planner(), at));
        }
        return live;
    }

    /** The days' events in turns, one of each, as a poll over several partitions would mix them. */
    @SafeVarargs
    private static List<EventEnvelope> interleaved(List<EventEnvelope>... days) {
        List<EventEnvelope> out = new ArrayList<>();
        int longest = 0;
        for (List<EventEnvelope> day : days) {
            longest = Math.max(longest, day.size());
        }
        for (int i = 0; i < longest; i++) {
            for (List<EventEnvelope> day : days) {
                if (i < day.size()) {
                    out.add(day.get(i));
                }
            }
        }
        return out;
    }
}
