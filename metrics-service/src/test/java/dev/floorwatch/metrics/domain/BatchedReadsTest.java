package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.InMemoryLive;
import dev.floorwatch.metrics.support.Mornings;

class BatchedReadsTest {

    private static final FloorScript MORNING = Mornings.wholeMorning();
    private static final long AT_0905 = MORNING.at("09:05:00").toEpochMilli();

    private final OverviewCalculator calculator = new OverviewCalculator(MetricsSettings.defaults());

    @Test
    void theBatchedOverviewEqualsTheDirectOneInTwoFetches() {
        InMemoryLive live = morningAt0905();
        List<Integer> fetches = new ArrayList<>();

        Overview batched = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905), counting(live, fetches));

        assertEquals(calculator.compute("acme", live, AT_0905), batched);
        // Fixed reads first, then what depends on online agents, channels and groups.
        assertEquals(2, fetches.size(), "fetches " + fetches);
        assertTrue(fetches.get(0) + fetches.get(1) > 40, "a hundred-odd reads in two round trips: " + fetches);
    }

    @Test
    void anEmptyTenantNeedsOneFetch() {
        List<Integer> fetches = new ArrayList<>();
        InMemoryLive live = new InMemoryLive();

        Overview batched = BatchedReads.run(view -> calculator.compute("empty", view, 1_000_000L), counting(live, fetches));

        assertEquals(calculator.compute("empty", live, 1_000_000L), batched);
        assertEquals(1, fetches.size());
    }

    @Test
    void aSecondLaterOnANewVersionThePreviousShapeCostsOneFetch() {
        InMemoryLive live = morningAt0905();
        long second = AT_0905 + 1_000;
        BatchedReads.Result<Overview> before = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905),
                counting(live, new ArrayList<>()), AT_0905, null, "41");
        List<Integer> fetches = new ArrayList<>();

        BatchedReads.Result<Overview> after = BatchedReads.run(view -> calculator.compute("acme", view, second),
                counting(live, fetches), second, before.shape(), "42");

        assertEquals(calculator.compute("acme", live, second), after.value());
        assertEquals(List.of(distinct(before.shape())), fetches, "the moved shape, nothing else");
        assertEquals(before.shape().reads().size(), after.shape().reads().size());
    }

    @Test
    void aNewVersionKeepsThePreviousShapesReadsAndTheAnswersThatDidNotChange() {
        // The floor as the events up to 09:03 left it, then as the whole morning did, read at 09:05.
        InMemoryLive earlier = new InMemoryLive();
        Instant three = MORNING.at("09:03:00");
        FloorScript.replay(MORNING.events().stream().filter(e -> !e.occurredAt().isAfter(three)).toList(), earlier,
                FloorScript.planner(), MORNING.at("09:05:00"));
        BatchedReads.Shape before = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905),
                counting(earlier, new ArrayList<>()), AT_0905, null, "41").shape();
        InMemoryLive later = morningAt0905();

        BatchedReads.Result<Overview> after = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905),
                counting(later, new ArrayList<>()), AT_0905, before, "42");

        assertEquals(calculator.compute("acme", later, AT_0905), after.value());
        Set<BatchedReads.Read> beforeReads = Collections.newSetFromMap(new IdentityHashMap<>());
        beforeReads.addAll(before.reads());
        Map<BatchedReads.Read, Object> beforeAnswers = new HashMap<>();
        for (int i = 0; i < before.reads().size(); i++) {
            beforeAnswers.put(before.reads().get(i), before.answers().get(i));
        }
        int kept = 0;
        int changed = 0;
        for (int i = 0; i < after.shape().reads().size(); i++) {
            BatchedReads.Read read = after.shape().reads().get(i);
            Object old = beforeAnswers.get(read);
            if (old == null) {
                continue;
            }
            assertTrue(beforeReads.contains(read), "the previous shape's own read: " + read);
            Object now = after.shape().answers().get(i);
            if (old.equals(now)) {
                assertSame(old, now, "unchanged answer to " + read);
                kept++;
            } else {
                changed++;
            }
        }
        assertTrue(kept > 0 && changed > 0, kept + " answers kept, " + changed + " changed");
    }

    @Test
    void onTheSameVersionOnlyReadsWhoseWindowsAMemberCrossedAreFetchedAgain() {
        // The floor at 09:05 left alone for an hour and a quarter: queue waits pass the SLA,
        // visitors and first responses leave their windows, the hour windows empty.
        InMemoryLive live = morningAt0905();
        BatchedReads.Result<Overview> last = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905),
                counting(live, new ArrayList<>()), AT_0905, null, "7");
        int shapeSize = distinct(last.shape());
        List<Integer> fetches = new ArrayList<>();
        int runs = 0;
        for (long now = AT_0905 + 1_000; now <= AT_0905 + 75 * 60_000; now += 1_000, runs++) {
            long at = now;
            last = BatchedReads.run(view -> calculator.compute("acme", view, at), counting(live, fetches), at, last.shape(), "7");

            assertEquals(calculator.compute("acme", live, at), last.value(), "at +" + (at - AT_0905) / 1000 + " s");
        }

        int fetched = fetches.stream().mapToInt(Integer::intValue).sum();
        // A whole shape every MAX_REUSE_MS, and what crossed between.
        long wholeShapes = runs / (BatchedReads.MAX_REUSE_MS / 1_000);
        assertTrue(fetched > wholeShapes * shapeSize, "crossed windows were fetched: " + fetched);
        assertTrue(fetched < runs * shapeSize / 10, fetched + " reads fetched in " + runs + " runs of " + shapeSize);
    }

    @Test
    void aShapeFromBeforeTheFloorChangedOnlyCostsTheReadsItLacked() {
        // The shape of an empty floor: no agents, channels or groups to read.
        long then = MORNING.at("09:02:00").toEpochMilli();
        BatchedReads.Shape ofEmptyFloor = BatchedReads.run(view -> calculator.compute("acme", view, then),
                counting(new InMemoryLive(), new ArrayList<>()), then, null, "1").shape();
        InMemoryLive live = morningAt0905();
        List<Integer> fetches = new ArrayList<>();

        Overview batched = BatchedReads.run(view -> calculator.compute("acme", view, AT_0905), counting(live, fetches),
                AT_0905, ofEmptyFloor, "2").value();

        assertEquals(calculator.compute("acme", live, AT_0905), batched);
        // The empty floor's shape, then what depends on agents, channels and groups.
        assertEquals(2, fetches.size(), "fetches " + fetches);
        assertEquals(distinct(ofEmptyFloor), fetches.get(0));
    }

    /** The scripted morning replayed up to 09:05. */
    private static InMemoryLive morningAt0905() {
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(MORNING.events(), live, FloorScript.planner(), MORNING.at("09:05:00"));
        return live;
    }

    private static int distinct(BatchedReads.Shape shape) {
        return new HashSet<>(shape.reads()).size();
    }

    /** Answers from {@code live}, noting each fetch's size in {@code fetches}. */
    private static BatchedReads.Fetcher counting(InMemoryLive live, List<Integer> fetches) {
        return reads -> {
            fetches.add(reads.size());
            return reads.stream().map(live::answer).toList();
        };
    }
}
