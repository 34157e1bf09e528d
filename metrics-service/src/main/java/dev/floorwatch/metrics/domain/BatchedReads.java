package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * <p>The reads a run asked for, with their answers, are its {@link Shape}. The next run starts
 * from it, time bounds moved by the time since:
 * <ul>
 * <li>if the tenant's live state is the same version as when the shape was fetched, its answers
 * still hold, and a ranged one as long as no member crossed a moved bound ({@link Ranged}): a
 * floor without events costs no read at all, only the reads whose windows an item left or entered;
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

        private static long move(long bound, long millis) {
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

        /** Whether this answer to {@code read} is also the answer to {@code moved}, the same read later. */
        boolean holdsFor(Read read, Read moved) {
            return moved.min() >= read.min() && moved.max() >= read.max()
                    && (read.min() == Long.MIN_VALUE || moved.min() <= firstFrom)
                    && (read.max() == Long.MAX_VALUE || moved.max() < firstAbove);
        }
    }

    /**
     * The reads a run at {@code at} (epoch ms, the model's clock) asked for, in order, with their
     * answers, over the live state's {@code version} (null if unknown); the oldest answer was
     * fetched at {@code fetchedAt}.
     */
    public record Shape(long at, String version, long fetchedAt, Map<Read, Object> answers) {

        public List<Read> reads() {
            return List.copyOf(answers.keySet());
        }
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
        long fetchedAt = now;
        if (previous != null && !previous.answers().isEmpty()) {
            long later = now - previous.at();
            boolean sameState = version != null && version.equals(previous.version()) && later >= 0
                    && now - previous.fetchedAt() < MAX_REUSE_MS;
            if (sameState) {
                fetchedAt = previous.fetchedAt();
            }
            List<Read> stale = new ArrayList<>();
            previous.answers().forEach((read, answer) -> {
                Read moved = read.later(later);
                boolean holds = sameState && (!(answer instanceof Ranged ranged) || ranged.holdsFor(read, moved));
                if (holds) {
                    known.put(moved, answer);
                } else {
                    stale.add(moved);
                }
            });
            if (!stale.isEmpty()) {
                fetch(stale, fetcher, known);
            }
        }
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Recording view = new Recording(known);
            T result = model.apply(view);
            if (view.missing.isEmpty()) {
                Map<Read, Object> answers = new LinkedHashMap<>();
                view.asked.forEach(read -> answers.put(read, known.get(read)));
                return new Result<>(result, new Shape(now, version, fetchedAt, answers));
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
}
