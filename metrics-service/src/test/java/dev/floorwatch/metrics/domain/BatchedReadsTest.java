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

    @Test
    void aSecondLaterThePreviousShapeCostsOneFetch() {
        FloorScript script = Mornings.wholeMorning();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, FloorScript.planner(), script.at("09:05:00"));
        long first = script.at("09:05:00").toEpochMilli();
        long second = first + 1_000;
        BatchedReads.Result<Overview> before = BatchedReads.run(view -> calculator.compute("acme", view, first),
                reads -> reads.stream().map(read -> answer(live, read)).toList(), first, null);
        List<Integer> fetches = new ArrayList<>();

        BatchedReads.Result<Overview> after = BatchedReads.run(view -> calculator.compute("acme", view, second), reads -> {
            fetches.add(reads.size());
            return reads.stream().map(read -> answer(live, read)).toList();
        }, second, before.shape());

        assertEquals(calculator.compute("acme", live, second), after.value());
        assertEquals(List.of(before.shape().reads().size()), fetches, "the moved shape, nothing else");
        assertEquals(before.shape().reads().size(), after.shape().reads().size());
    }

    @Test
    void aShapeFromBeforeTheFloorChangedOnlyCostsTheReadsItLacked() {
        // The shape of an empty floor: no agents, channels or groups to read.
        FloorScript script = Mornings.wholeMorning();
        InMemoryLive emptyFloor = new InMemoryLive();
        long then = script.at("09:02:00").toEpochMilli();
        BatchedReads.Shape ofEmptyFloor = BatchedReads.run(view -> calculator.compute("acme", view, then),
                reads -> reads.stream().map(read -> answer(emptyFloor, read)).toList(), then, null).shape();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, FloorScript.planner(), script.at("09:05:00"));
        long now = script.at("09:05:00").toEpochMilli();
        List<Integer> fetches = new ArrayList<>();

        Overview batched = BatchedReads.run(view -> calculator.compute("acme", view, now), reads -> {
            fetches.add(reads.size());
            return reads.stream().map(read -> answer(live, read)).toList();
        }, now, ofEmptyFloor).value();

        assertEquals(calculator.compute("acme", live, now), batched);
        // The empty floor's shape, then what depends on agents, channels and groups.
        assertEquals(2, fetches.size(), "fetches " + fetches);
        assertEquals(ofEmptyFloor.reads().size(), fetches.get(0));
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
