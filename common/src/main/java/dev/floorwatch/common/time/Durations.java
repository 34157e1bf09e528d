package dev.floorwatch.common.time;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations of the contracts (rules, routes) as Prometheus writes them: {@code 0s}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ZERO;
        long[] units = { 86_400_000, 3_600_000, 60_000, 1_000, 1 };
        for (int i = 0; i < units.length; i++) {
            if (m.group(i + 1) != null) {
                d = d.plusMillis(Long.parseLong(m.group(i + 1)) * units[i]);
            }
        }
        return Optional.of(d);
    }

    /** The shortest form that parses back to {@code d}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] units = { 86_400_000, 3_600_000, 60_000, 1_000, 1 };
        String[] names = { "d", "h", "m", "s", "ms" };
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                out.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return out.toString();
    }
}
