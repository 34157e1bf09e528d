package dev.floorwatch.alert.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a rule is evaluated (ALERTS.md {@code activeHours}): windows of local time in a zone, on
 * days such as {@code mon-fri}, {@code sat,sun} or {@code fri-mon}. A window whose end is not after
 * its start runs past midnight and belongs to the day it starts ({@code fri 22:00-06:00} covers
 * Saturday 03:00).
 */
public record ActiveHours(ZoneId zone, List<Window> windows) {

    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        boolean covers(ZonedDateTime at) {
            LocalTime time = at.toLocalTime();
            if (from.isBefore(to)) {
                return days.contains(at.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            }
            // Past midnight: the evening part on a listed day, or the morning part after one.
            return days.contains(at.getDayOfWeek()) && !time.isBefore(from)
                    || days.contains(at.getDayOfWeek().minus(1)) && time.isBefore(to);
        }
    }

    public boolean covers(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        return windows.stream().anyMatch(w -> w.covers(local));
    }

    /** {@code mon-fri}, {@code sat,sun}, {@code fri-mon}, {@code daily}; null when not understood. */
    public static Set<DayOfWeek> parseDays(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String spec = text.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("daily") || spec.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",")) {
            String[] range = part.trim().split("-");
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : first;
            if (first == null || last == null || range.length > 2) {
                return null;
            }
            for (DayOfWeek d = first;; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name) {
        return switch (name.trim()) {
            case "mon" -> DayOfWeek.MONDAY;
            case "tue" -> DayOfWeek.TUESDAY;
            case "wed" -> DayOfWeek.WEDNESDAY;
            case "thu" -> DayOfWeek.THURSDAY;
            case "fri" -> DayOfWeek.FRIDAY;
            case "sat" -> DayOfWeek.SATURDAY;
            case "sun" -> DayOfWeek.SUNDAY;
            default -> null;
        };
    }
}
