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
 * and notes what was not: the model runs once, every read it asked for is fetched in one round
 * trip, and it runs again — a second fetch covers reads that depend on the first (each online
 * agent, channel, skill group). A tenant's overview is so a few round trips instead of a hundred,
 * which is what lets one instance refresh a thousand tenants every second.
 */
public final class BatchedReads {

    /** One read: {@code min}/{@code max} only for ranged kinds. */
    public record Read(Kind kind, String key, long min, long max) {
    }

    public enum Kind {
        COUNT, COUNT_RANGE, LOWEST_SCORE, MEMBERS, MEMBERS_BY_SCORE, HASH
    }

    /** Answers reads in order: Long, Long, OptionalLong, List&lt;String&gt;, List&lt;String&gt;, Map&lt;String, String&gt;. */
    public interface Fetcher {
        List<Object> fetch(List<Read> reads);
    }

    private static final int MAX_PASSES = 6;

    private BatchedReads() {
    }

    public static <T> T run(Function<LiveView, T> model, Fetcher fetcher) {
        Map<Read, Object> known = new HashMap<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Recording view = new Recording(known);
            T result = model.apply(view);
            if (view.missing.isEmpty()) {
                return result;
            }
            List<Read> reads = new ArrayList<>(view.missing);
            List<Object> answers = fetcher.fetch(reads);
            for (int i = 0; i < reads.size(); i++) {
                known.put(reads.get(i), answers.get(i));
            }
        }
        throw new IllegalStateException("a read model kept asking for new reads after " + MAX_PASSES + " fetches");
    }

    /** Answers from {@code known}; anything else is noted and answered as empty for this pass. */
    private static final class Recording implements LiveView {

        private final Map<Read, Object> known;
        private final Set<Read> missing = new LinkedHashSet<>();

        Recording(Map<Read, Object> known) {
            this.known = known;
        }

        @SuppressWarnings("unchecked")
        private <R> R answer(Read read, R empty) {
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
