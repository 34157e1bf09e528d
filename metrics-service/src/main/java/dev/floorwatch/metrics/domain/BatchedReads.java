package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a read model (the overview) over a {@link LiveView} that answers from what was fetched
 * and notes what was not: the model runs, every read it asked for and was not known is fetched in
 * one round trip, and it runs again until nothing is missing. A tenant's overview is so a few
 * round trips instead of a hundred, which is what lets one instance refresh a thousand tenants
 * every second.
 *
 * <p>The reads a run asked for are its {@link Shape}. Given the previous run's shape, the next
 * run fetches it first, its time bounds moved by the time since: a tenant whose agents, channels
 * and groups did not change then costs one round trip and one pass of the model. The shape is
 * only a guess; whatever the model asks beyond it is fetched as before, so the result never
 * depends on it.
 */
public final class BatchedReads {

    /** One read: {@code min}/{@code max} only for ranged kinds. */
    public record Read(Kind kind, String key, long min, long max) {

        /** This read {@code millis} later: a ranged read's finite bounds move, open ends stay open. */
        Read later(long millis) {
            boolean ranged = kind == Kind.COUNT_RANGE || kind == Kind.MEMBERS_BY_SCORE;
            return millis == 0 || !ranged ? this : new Read(kind, key, move(min, millis), move(max, millis));
        }

        private static long move(long bound, long millis) {
            return bound == Long.MIN_VALUE || bound == Long.MAX_VALUE ? bound : bound + millis;
        }
    }

    public enum Kind {
        COUNT, COUNT_RANGE, LOWEST_SCORE, MEMBERS, MEMBERS_BY_SCORE, HASH
    }

    /** The reads a run at {@code at} (epoch ms, the model's clock) asked for. */
    public record Shape(long at, List<Read> reads) {
    }

    /** A run's answer and its shape, the guess for the next run. */
    public record Result<T>(T value, Shape shape) {
    }

    /** Answers reads in order: Long, Long, OptionalLong, List&lt;String&gt;, List&lt;String&gt;, Map&lt;String, String&gt;. */
    public interface Fetcher {
        List<Object> fetch(List<Read> reads);
    }

    private static final int MAX_PASSES = 6;

    private BatchedReads() {
    }

    public static <T> T run(Function<LiveView, T> model, Fetcher fetcher) {
        return run(model, fetcher, 0, null).value();
    }

    /** Runs {@code model} at {@code now}, fetching {@code previous} (may be null) moved to {@code now} first. */
    public static <T> Result<T> run(Function<LiveView, T> model, Fetcher fetcher, long now, Shape previous) {
        Map<Read, Object> known = new HashMap<>();
        if (previous != null && !previous.reads().isEmpty()) {
            long later = now - previous.at();
            List<Read> guess = new ArrayList<>(previous.reads().size());
            previous.reads().forEach(read -> guess.add(read.later(later)));
            fetch(guess, fetcher, known);
        }
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Recording view = new Recording(known);
            T result = model.apply(view);
            if (view.missing.isEmpty()) {
                return new Result<>(result, new Shape(now, List.copyOf(view.asked)));
            }
            fetch(new ArrayList<>(view.missing), fetcher, known);
        }
        throw new IllegalStateException("a read model kept asking for new reads after " + MAX_PASSES + " fetches");
    }

    private static void fetch(List<Read> reads, Fetcher fetcher, Map<Read, Object> known) {
        List<Object> answers = fetcher.fetch(reads);
        for (int i = 0; i < reads.size(); i++) {
            known.put(reads.get(i), answers.get(i));
        }
    }

    /** Answers from {@code known}; anything else is noted and answered as empty for this pass. */
    private static final class Recording implements LiveView {

        private final Map<Read, Object> known;
        private final Set<Read> asked = new LinkedHashSet<>();
        private final Set<Read> missing = new LinkedHashSet<>();

        Recording(Map<Read, Object> known) {
            this.known = known;
        }

        @SuppressWarnings("unchecked")
        private <R> R answer(Read read, R empty) {
            asked.add(read);
            Object value = known.get(read);
            if (value == null) {
                missing.add(read);
                return empty;
            }
            return (R) value;
        }

        @Override
        public long count(String key) {
            return answer(new Read(Kind.COUNT, key, 0, 0), 0L);
        }

        @Override
        public long count(String key, long min, long max) {
            return answer(new Read(Kind.COUNT_RANGE, key, min, max), 0L);
        }

        @Override
        public OptionalLong lowestScore(String key) {
            return answer(new Read(Kind.LOWEST_SCORE, key, 0, 0), OptionalLong.empty());
        }

        @Override
        public List<String> members(String key) {
            return answer(new Read(Kind.MEMBERS, key, 0, 0), List.of());
        }

        @Override
        public List<String> membersByScore(String key, long min, long max) {
            return answer(new Read(Kind.MEMBERS_BY_SCORE, key, min, max), List.of());
        }

        @Override
        public Map<String, String> hash(String key) {
            return answer(new Read(Kind.HASH, key, 0, 0), Map.of());
        }
    }
}
