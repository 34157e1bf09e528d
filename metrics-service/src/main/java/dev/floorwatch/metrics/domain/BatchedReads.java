package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>The reads a run asked for, with their answers, are its {@link Shape}. The next run starts
 * from it, time bounds moved by the time since:
 * <ul>
 * <li>if the tenant's live state is the same version as when the shape was fetched, its answers
 * still hold, and a ranged one as long as no member crossed a moved bound ({@link Ranged}): a
 * floor without events costs no read at all, only the reads whose windows an item left or entered.
 * The model then asks the same reads in the same order, matched by position, not hashed (a
 * thousand tenants a second make that count);
 * <li>otherwise its reads are fetched first, in one round trip: a tenant whose agents, channels
 * and groups did not change costs one round trip and one pass of the model.
 * </ul>
 * The shape is only a guess; whatever the model asks beyond it is fetched as before, so the result
 * never depends on it.
 */
public final class BatchedReads {

    /** One read: {@code min}/{@code max} only for ranged kinds. */
    public record Read(Kind kind, String key, long min, long max) {

        public boolean ranged() {
            return kind == Kind.COUNT_RANGE || kind == Kind.MEMBERS_BY_SCORE;
        }

        /** This read {@code millis} later: a ranged read's finite bounds move, open ends stay open. */
        Read later(long millis) {
            return millis == 0 || !ranged() ? this : new Read(kind, key, move(min, millis), move(max, millis));
        }

        static long move(long bound, long millis) {
            return bound == Long.MIN_VALUE || bound == Long.MAX_VALUE ? bound : bound + millis;
        }
    }

    public enum Kind {
        COUNT, COUNT_RANGE, LOWEST_SCORE, MEMBERS, MEMBERS_BY_SCORE, HASH
    }

    /**
     * A ranged read's answer with the lowest scores at or above its {@code min} ({@code firstFrom})
     * and above its {@code max} ({@code firstAbove}), {@link Long#MAX_VALUE} for none or an open
     * end: the answer holds for the read's bounds moved forward while no member crosses them.
     */
    public record Ranged(Object value, long firstFrom, long firstAbove) {

        /** Whether this answer to {@code read} is also the answer to the same read with bounds {@code min}, {@code max}. */
        boolean holdsFor(Read read, long min, long max) {
            return min >= read.min() && max >= read.max()
                    && (read.min() == Long.MIN_VALUE || min <= firstFrom)
                    && (read.max() == Long.MAX_VALUE || max < firstAbove);
        }
    }

    /**
     * The reads a run asked for, in the order asked (a read asked twice is there twice), with
     * their bounds as at {@code at} (epoch ms, the model's clock), and their answers, over the live
     * state's {@code version} (null if unknown); the oldest answer was fetched at {@code fetchedAt}.
     */
    public record Shape(long at, String version, long fetchedAt, List<Read> reads, List<Object> answers) {
    }

    /** A run's answer and its shape, the guess for the next run. */
    public record Result<T>(T value, Shape shape) {
    }

    /**
     * Answers reads in order, by kind: Long, {@link Ranged} of Long, OptionalLong, List&lt;String&gt;,
     * {@link Ranged} of List&lt;String&gt;, Map&lt;String, String&gt;.
     */
    public interface Fetcher {
        List<Object> fetch(List<Read> reads);
    }

    private static final int MAX_PASSES = 6;
    /**
     * A shape's answers are reused for at most this long, even over the same version: it bounds
     * what the version does not see, such as a key's TTL running out.
     */
    static final long MAX_REUSE_MS = 30_000;

    private BatchedReads() {
    }

    public static <T> T run(Function<LiveView, T> model, Fetcher fetcher) {
        return run(model, fetcher, 0, null, null).value();
    }

    /**
     * Runs {@code model} at {@code now} over the live state's {@code version}, starting from
     * {@code previous} (may be null): its answers where they still hold, else its reads fetched first.
     */
    public static <T> Result<T> run(Function<LiveView, T> model, Fetcher fetcher, long now, Shape previous, String version) {
        Map<Read, Object> known = new HashMap<>();
        Map<Read, Read> kept = new HashMap<>();
        if (previous != null && !previous.reads().isEmpty()) {
            long later = now - previous.at();
            boolean sameState = version != null && version.equals(previous.version()) && later >= 0
                    && now - previous.fetchedAt() < MAX_REUSE_MS;
            if (sameState) {
                Result<T> replayed = replay(model, fetcher, now, previous);
                if (replayed != null) {
                    return replayed;
                }
            }
            // The previous shape's reads and unchanged answers carry over: shapes live for seconds,
            // and fresh copies for each of a thousand tenants at every change of their floors filled
            // the old generation (docs/BENCHMARKS.md, tenth pass).
            Map<Read, Object> before = new LinkedHashMap<>();
            for (int i = 0; i < previous.reads().size(); i++) {
                before.put(previous.reads().get(i).later(later), previous.answers().get(i));
            }
            List<Read> moved = new ArrayList<>(before.keySet());
            List<Object> answers = fetcher.fetch(moved);
            for (int i = 0; i < moved.size(); i++) {
                Read read = moved.get(i);
                Object old = before.get(read);
                known.put(read, Objects.equals(old, answers.get(i)) ? old : answers.get(i));
                kept.put(read, read);
            }
        }
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Recording view = new Recording(known);
            T result = model.apply(view);
            if (view.missing.isEmpty()) {
                List<Read> reads = new ArrayList<>(view.asked.size());
                List<Object> answers = new ArrayList<>(view.asked.size());
                for (Read read : view.asked) {
                    reads.add(kept.getOrDefault(read, read));
                    answers.add(known.get(read));
                }
                return new Result<>(result, new Shape(now, version, now, List.copyOf(reads), answers));
            }
            fetch(new ArrayList<>(view.missing), fetcher, known);
        }
        throw new IllegalStateException("a read model kept asking for new reads after " + MAX_PASSES + " fetches");
    }

    /**
     * The model over {@code previous}'s answers, on the same state: it asks the same reads in the
     * same order (what it asks depends only on answers the state decides), so each is matched by
     * position, not looked up. Ranged answers a member crossed are fetched, in one round trip, and
     * the model runs once more. Null if the model asked something else: the caller fetches.
     */
    private static <T> Result<T> replay(Function<LiveView, T> model, Fetcher fetcher, long now, Shape previous) {
        long later = now - previous.at();
        Replaying view = new Replaying(previous, later);
        T result = model.apply(view);
        if (!view.followed()) {
            return null;
        }
        if (view.crossed.isEmpty()) {
            return new Result<>(result, previous);
        }
        Map<Integer, Read> stale = new LinkedHashMap<>();
        view.crossed.forEach(i -> stale.put(i, previous.reads().get(i).later(later)));
        Map<Read, Object> fetched = new HashMap<>();
        fetch(stale.values().stream().distinct().toList(), fetcher, fetched);
        List<Object> answers = new ArrayList<>(previous.answers());
        stale.forEach((i, read) -> answers.set(i, fetched.get(read)));
        Shape updated = new Shape(previous.at(), previous.version(), previous.fetchedAt(), previous.reads(), answers);
        Replaying again = new Replaying(updated, later);
        result = model.apply(again);
        return again.followed() && again.crossed.isEmpty() ? new Result<>(result, updated) : null;
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
        private final List<Read> asked = new ArrayList<>();
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
            return (R) (value instanceof Ranged ranged ? ranged.value() : value);
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

    /** Answers the {@code i}-th read asked from the shape's {@code i}-th answer, if it is the same read {@code later}. */
    private static final class Replaying implements LiveView {

        private final List<Read> reads;
        private final List<Object> answers;
        private final long later;
        private final List<Integer> crossed = new ArrayList<>();
        private int next;
        private boolean diverged;

        Replaying(Shape shape, long later) {
            this.reads = shape.reads();
            this.answers = shape.answers();
            this.later = later;
        }

        /** The model asked exactly the shape's reads. */
        boolean followed() {
            return !diverged && next == reads.size();
        }

        @SuppressWarnings("unchecked")
        private <R> R answer(Kind kind, String key, long min, long max, R empty) {
            Read read = diverged || next >= reads.size() ? null : reads.get(next);
            if (read == null || read.kind() != kind || !read.key().equals(key)
                    || read.ranged() && (min != Read.move(read.min(), later) || max != Read.move(read.max(), later))) {
                diverged = true;
                return empty;
            }
            Object answer = answers.get(next);
            if (answer instanceof Ranged ranged) {
                if (!ranged.holdsFor(read, min, max)) {
                    crossed.add(next);
                }
                answer = ranged.value();
            }
            next++;
            return (R) answer;
        }

        @Override
        public long count(String key) {
            return answer(Kind.COUNT, key, 0, 0, 0L);
        }

        @Override
        public long count(String key, long min, long max) {
            return answer(Kind.COUNT_RANGE, key, min, max, 0L);
        }

        @Override
        public OptionalLong lowestScore(String key) {
            return answer(Kind.LOWEST_SCORE, key, 0, 0, OptionalLong.empty());
        }

        @Override
        public List<String> members(String key) {
            return answer(Kind.MEMBERS, key, 0, 0, List.of());
        }

        @Override
        public List<String> membersByScore(String key, long min, long max) {
            return answer(Kind.MEMBERS_BY_SCORE, key, min, max, List.of());
        }

        @Override
        public Map<String, String> hash(String key) {
            return answer(Kind.HASH, key, 0, 0, Map.of());
        }
    }
}
