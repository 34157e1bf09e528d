package dev.floorwatch.simulator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many watched tenants: one wallboard stream open per tenant, as many wallboards would have;
 * afterwards, how regularly each was refreshed (the gaps between its {@code overview} events).
 */
final class WatchedTenants implements AutoCloseable {

    private final List<Stack.Sse> streams = new ArrayList<>();
    private final List<List<Long>> arrivals = new ArrayList<>();
    private final long opened = System.nanoTime();

    WatchedTenants(Stack stack, List<Stack.Tenant> tenants) {
        for (Stack.Tenant tenant : tenants) {
            List<Long> times = new ArrayList<>();
            arrivals.add(times);
            streams.add(stack.stream(tenant, (json, at) -> {
                synchronized (times) {
                    times.add(at);
                }
            }));
        }
    }

    /** Gaps between refreshes, ignoring the first two seconds (streams opening). */
    Map<String, Object> summary() {
        long from = opened + 2_000_000_000L;
        long to = System.nanoTime();
        List<Double> gaps = new ArrayList<>();
        int silent = 0;
        long updates = 0;
        for (List<Long> times : arrivals) {
            List<Long> copy;
            synchronized (times) {
                copy = times.stream().filter(t -> t >= from).toList();
            }
            if (copy.isEmpty()) {
                silent++;
                continue;
            }
            updates += copy.size();
            for (int i = 1; i < copy.size(); i++) {
                gaps.add((copy.get(i) - copy.get(i - 1)) / 1e6);
            }
        }
        double seconds = (to - from) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenants", arrivals.size());
        out.put("streamsEnded", streams.stream().filter(s -> s.ended).count());
        out.put("tenantsWithoutUpdate", silent);
        out.put("updatesPerTenantPerSecond", Stack.round(updates / seconds / Math.max(1, arrivals.size())));
        out.put("refreshGapMs", Percentiles.of(gaps.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    @Override
    public void close() {
        streams.forEach(Stack.Sse::close);
    }
}
