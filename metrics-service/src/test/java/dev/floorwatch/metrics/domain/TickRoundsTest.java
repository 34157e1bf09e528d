package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickRoundsTest {

    @Test
    void aRoundThatEndsInTimeIsFollowedOnTheGrid() {
        assertEquals(11_000, TickRounds.next(10_000, 10_300));
        // Late wake-ups do not drift the grid: ten rounds after 10 s start at 20 s.
        long due = 10_000;
        for (int i = 0; i < 10; i++) {
            due = TickRounds.next(due, due + 40);
        }
        assertEquals(20_000, due);
    }

    @Test
    void aRoundThatRunsOverIsFollowedAtOnceAndTheGridMoves() {
        long next = TickRounds.next(10_000, 11_200);
        assertEquals(11_200, next);
        assertEquals(12_200, TickRounds.next(next, 11_500));
    }

    @Test
    void aRoundThatRunsOverSeveralSecondsIsNotCaughtUpWithABurst() {
        long next = TickRounds.next(10_000, 13_700);
        assertEquals(13_700, next);
        assertEquals(14_700, TickRounds.next(next, 13_900));
    }
}
