package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.InMemoryLive;
import dev.floorwatch.metrics.support.Mornings;

class BatchedReadsTest {

    private final OverviewCalculator calculator = new OverviewCalculator(MetricsSettings.defaults());

    @Test
    void theBatchedOverviewEqualsTheDirectOneInThreeFetches() {
        FloorScript script = Mornings.wholeMorning();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, FloorScript.planner(), script.at("09:05:00"));
        long now = script.at("09:05:00").toEpochMilli();
        List<Integer> fetches = new ArrayList<>();

        Overview batched = BatchedReads.run(view -> calculator.compute("acme", view, now), reads -> {
            fetches.add(reads.size());
            return reads.stream().map(read -> answer(live, read)).toList();
        });

        assertEquals(calculator.compute("acme", live, now), batched);
        // Fixed reads first, then what depends on online agents, channels and groups.
        assertEquals(2, fetches.size(), "fetches " + fetches);
        assertTrue(fetches.get(0) + fetches.get(1) > 40, "a hundred-odd reads in two round trips: " + fetches);
    }

    @Test
    void anEmptyTenantNeedsOneFetch() {
        List<Integer> fetches = new ArrayList<>();
        InMemoryLive live = new InMemoryLive();

        Overview batched = BatchedReads.run(view -> calculator.compute("empty", view, 1_000_000L), reads -> {
            fetches.add(reads.size());
            return reads.stream().map(read -> answer(live, read)).toList();
        });

        assertEquals(calculator.compute("empty", live, 1_000_000L), batched);
        assertEquals(1, fetches.size());
    }

    private static Object answer(LiveView live, BatchedReads.Read read) {
        return switch (read.kind()) {
            case COUNT -> live.count(read.key());
            case COUNT_RANGE -> live.count(read.key(), read.min(), read.max());
            case LOWEST_SCORE -> live.lowestScore(read.key());
            case MEMBERS -> live.members(read.key());
            case MEMBERS_BY_SCORE -> live.membersByScore(read.key(), read.min(), read.max());
            case HASH -> live.hash(read.key());
        };
    }
}
