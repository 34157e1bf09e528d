package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floorwatch.alert.domain.AlertLifecycle.Kind;
import dev.floorwatch.alert.domain.AlertLifecycle.Step;
import dev.floorwatch.alert.domain.AlertLifecycle.Timing;

class AlertLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    /** Runs the condition second by second and collects what would be published. */
    private static List<String> run(Timing timing, boolean... conditionPerSecond) {
        List<String> published = new ArrayList<>();
        AlertLifecycle.State state = null;
        for (int s = 0; s < conditionPerSecond.length; s++) {
            Step step = AlertLifecycle.step(state, conditionPerSecond[s], s, T0.plusSeconds(s), timing);
            state = step.next();
            for (AlertLifecycle.Transition t : step.transitions()) {
                published.add(t.kind().name().toLowerCase() + "@" + s);
            }
        }
        return published;
    }

    @Test
    void forZeroFiresOnTheFirstTrueAndResolvesOnTheFirstFalse() {
        Timing immediate = new Timing(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
        assertEquals(List.of("firing@1", "resolved@3"), run(immediate, false, true, true, false, false));
    }

    @Test
    void forNotYetElapsedStaysPendingAndAFalseEndsIt() {
        Timing forThree = new Timing(Duration.ofSeconds(3), Duration.ZERO, Duration.ofMinutes(10));
        assertEquals(List.of(), run(forThree, true, true, true, false, true, true));
        assertEquals(List.of("firing@3"), run(forThree, true, true, true, true));
    }

    @Test
    void flappingWithinKeepFiringForDoesNotResolve() {
        Timing keep = new Timing(Duration.ZERO, Duration.ofSeconds(3), Duration.ofMinutes(10));
        // Clears at 2, back at 4 (within 3 s): one alert. Clears again at 6 for good: resolves at 9.
        assertEquals(List.of("firing@0", "resolved@9"), run(keep, true, true, false, false, true, true, false, false, false, false));
    }

    @Test
    void exactlyAtTheThresholdOfForItFires() {
        Timing forTwo = new Timing(Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(10));
        assertEquals(List.of("firing@2"), run(forTwo, true, true, true));
    }

    @Test
    void remindersRepeatUntilAcknowledged() {
        Timing repeat = new Timing(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2));
        assertEquals(List.of("firing@0", "reminder@2", "reminder@4"), run(repeat, true, true, true, true, true));

        Step fired = AlertLifecycle.step(null, true, 1, T0, repeat);
        AlertLifecycle.State acked = fired.next().acknowledged("王班长", "已加人", T0.plusSeconds(1));
        Step later = AlertLifecycle.step(acked, true, 1, T0.plusSeconds(5), repeat);
        assertTrue(later.transitions().isEmpty());
        assertEquals("王班长", later.next().acknowledgedBy());
    }

    @Test
    void resolvedCarriesStartAndEnd() {
        Timing immediate = new Timing(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
        Step fired = AlertLifecycle.step(null, true, 12, T0, immediate);
        Step resolved = AlertLifecycle.step(fired.next(), false, 3, T0.plusSeconds(95), immediate);
        assertNull(resolved.next());
        assertEquals(Kind.RESOLVED, resolved.transitions().get(0).kind());
        assertEquals(T0, resolved.transitions().get(0).startsAt());
        assertEquals(T0.plusSeconds(95), resolved.transitions().get(0).endsAt());
    }
}
