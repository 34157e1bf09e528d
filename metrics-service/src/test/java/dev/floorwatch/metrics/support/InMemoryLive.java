package dev.floorwatch.metrics.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.domain.BatchedReads;
import dev.floorwatch.metrics.domain.LiveView;

/**
 * The few Redis commands the planner emits, on plain maps: lets the aggregation logic run end
 * to end in a unit test. The real Redis is exercised by the integration tests.
 */
public final class InMemoryLive implements LiveView {

    private final Map<String, Map<String, Long>> sortedSets = new HashMap<>();
    private final Map<String, Map<String, String>> hashes = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    public int apply(ApplyPlanner.TenantPlan plan) {
        int applied = 0;
        for (ApplyPlanner.EventPlan event : plan.events()) {
            if (seen.add(plan.tenant() + '\n' + event.eventId())) {
                event.ops().forEach(op -> execute(op.args()));
                applied++;
            }
        }
        plan.housekeeping().forEach(op -> execute(op.args()));
        return applied;
    }

    public boolean wasSeen(String tenant, String eventId) {
        return seen.contains(tenant + '\n' + eventId);
    }

    private void execute(List<String> args) {
        String key = args.get(1);
        switch (args.get(0)) {
            case "DEL" -> {
                hashes.remove(key);
                sortedSets.remove(key);
            }
            case "HSET" -> {
                Map<String, String> hash = hashes.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (int i = 2; i < args.size(); i += 2) {
                    hash.put(args.get(i), args.get(i + 1));
                }
            }
            case "HDEL" -> {
                Map<String, String> hash = hashes.get(key);
                if (hash != null) {
                    args.subList(2, args.size()).forEach(hash::remove);
                    if (hash.isEmpty()) {
                        hashes.remove(key);
                    }
                }
            }
            case "EXPIRE" -> {
                // Time does not pass in these tests.
            }
            case "ZADD" -> {
                boolean greaterOnly = args.get(2).equals("GT");
                int i = greaterOnly ? 3 : 2;
                long score = Long.parseLong(args.get(i));
                Map<String, Long> set = sortedSets.computeIfAbsent(key, k -> new HashMap<>());
                Long old = set.get(args.get(i + 1));
                if (!greaterOnly || old == null || score > old) {
                    set.put(args.get(i + 1), score);
                }
            }
            case "ZREM" -> {
                Map<String, Long> set = sortedSets.get(key);
                if (set != null) {
                    set.remove(args.get(2));
                    if (set.isEmpty()) {
                        sortedSets.remove(key);
                    }
                }
            }
            case "ZREMRANGEBYSCORE" -> {
                Map<String, Long> set = sortedSets.get(key);
                long below = Long.parseLong(args.get(3).substring(1));
                if (set != null) {
                    set.values().removeIf(score -> score < below);
                }
            }
            default -> throw new IllegalArgumentException("command not modelled: " + args);
        }
    }

    @Override
    public long count(String key) {
        return sortedSets.getOrDefault(key, Map.of()).size();
    }

    @Override
    public long count(String key, long min, long max) {
        return sortedSets.getOrDefault(key, Map.of()).values().stream().filter(s -> s >= min && s <= max).count();
    }

    @Override
    public OptionalLong lowestScore(String key) {
        return sortedSets.getOrDefault(key, Map.of()).values().stream().mapToLong(Long::longValue).min();
    }

    @Override
    public List<String> members(String key) {
        return membersByScore(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public List<String> membersByScore(String key, long min, long max) {
        TreeMap<Long, List<String>> byScore = new TreeMap<>();
        sortedSets.getOrDefault(key, Map.of()).forEach((member, score) -> {
            if (score >= min && score <= max) {
                byScore.computeIfAbsent(score, s -> new ArrayList<>()).add(member);
            }
        });
        List<String> members = new ArrayList<>();
        byScore.values().forEach(list -> list.stream().sorted().forEach(members::add));
        return members;
    }

    @Override
    public Map<String, String> hash(String key) {
        return hashes.getOrDefault(key, Map.of());
    }

    /** What {@code LiveStateStore.readAll} answers for {@code read}, over this state. */
    public Object answer(BatchedReads.Read read) {
        return switch (read.kind()) {
            case COUNT -> count(read.key());
            case COUNT_RANGE -> ranged(read, count(read.key(), read.min(), read.max()));
            case LOWEST_SCORE -> lowestScore(read.key());
            case MEMBERS -> members(read.key());
            case MEMBERS_BY_SCORE -> ranged(read, membersByScore(read.key(), read.min(), read.max()));
            case HASH -> hash(read.key());
        };
    }

    private BatchedReads.Ranged ranged(BatchedReads.Read read, Object value) {
        return new BatchedReads.Ranged(value, read.min() == Long.MIN_VALUE ? Long.MAX_VALUE : firstFrom(read.key(), read.min()),
                read.max() == Long.MAX_VALUE ? Long.MAX_VALUE : firstFrom(read.key(), read.max() + 1));
    }

    private long firstFrom(String key, long from) {
        return sortedSets.getOrDefault(key, Map.of()).values().stream().mapToLong(Long::longValue).filter(s -> s >= from)
                .min().orElse(Long.MAX_VALUE);
    }

    public Map<String, Map<String, String>> hashes() {
        return hashes;
    }
}
