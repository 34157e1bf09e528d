package dev.floorwatch.alert.domain;

import dev.floorwatch.common.time.Durations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class ActiveHoursTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void weekdayBusinessHoursInTheTenantsZone() {
        ActiveHours hours = new ActiveHours(SHANGHAI, List.of(new ActiveHours.Window(ActiveHours.parseDays("mon-fri"),
                LocalTime.of(9, 0), LocalTime.of(21, 0))));
        // 2026-11-26 is a Thursday. 01:00Z is 09:00 in Shanghai: the window starts.
        assertTrue(hours.covers(Instant.parse("2026-11-26T01:00:00Z")));
        assertFalse(hours.covers(Instant.parse("2026-11-26T00:59:59Z")));
        // 13:00Z is 21:00 local: the end is exclusive.
        assertFalse(hours.covers(Instant.parse("2026-11-26T13:00:00Z")));
        // Saturday 10:00 local.
        assertFalse(hours.covers(Instant.parse("2026-11-28T02:00:00Z")));
    }

    @Test
    void nightShiftAcrossMidnightBelongsToTheDayItStarts() {
        ActiveHours hours = new ActiveHours(SHANGHAI, List.of(new ActiveHours.Window(ActiveHours.parseDays("fri"),
                LocalTime.of(22, 0), LocalTime.of(6, 0))));
        // Friday 2026-11-27 23:00 local = 15:00Z; Saturday 03:00 local = Friday 19:00Z.
        assertTrue(hours.covers(Instant.parse("2026-11-27T15:00:00Z")));
        assertTrue(hours.covers(Instant.parse("2026-11-27T19:00:00Z")));
        // Saturday 06:00 local: over. Friday 03:00 local (Thursday's night): not a Friday shift.
        assertFalse(hours.covers(Instant.parse("2026-11-27T22:00:00Z")));
        assertFalse(hours.covers(Instant.parse("2026-11-26T19:00:00Z")));
    }

    @Test
    void dayListsAndRangesWrappingTheWeek() {
        assertEquals(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                ActiveHours.parseDays("fri-mon"));
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), ActiveHours.parseDays("sat,sun"));
        assertEquals(EnumSet.allOf(DayOfWeek.class), ActiveHours.parseDays("daily"));
        assertNull(ActiveHours.parseDays("weekdays"));
    }

    @Test
    void durationsParseLikePrometheus() {
        assertEquals(java.time.Duration.ofSeconds(90), Durations.parse("1m30s").orElseThrow());
        assertEquals(java.time.Duration.ZERO, Durations.parse("0s").orElseThrow());
        assertEquals("1h30m", Durations.format(java.time.Duration.ofMinutes(90)));
        assertTrue(Durations.parse("10 minutes").isEmpty());
        assertTrue(Durations.parse("").isEmpty());
    }
}
