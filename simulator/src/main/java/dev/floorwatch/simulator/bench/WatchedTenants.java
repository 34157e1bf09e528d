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

    private final StreamCounter streams;
    private final List<List<Long>> arrivals = new ArrayList<>();
    /** Refreshes from this time on count: two seconds after opening (streams connecting), or {@link #measureFromNow}. */
    private volatile long from = System.nanoTime() + 2_000_000_000L;

    WatchedTenants(Stack stack, List<Stack.Tenant> tenants) {
        for (int i = 0; i < tenants.size(); i++) {
            arrivals.add(new ArrayList<>());
        }
        streams = new StreamCounter(stack.target.metrics(), tenants, (stream, at) -> {
            List<Long> times = arrivals.get(stream);
            synchronized (times) {
                times.add(at);
            }
        });
    }

    /** Counts only the refreshes from now on (after a warm-up). */
    void measureFromNow() {
        from = System.nanoTime();
    }

    /** Gaps between refreshes in the measured time. */
    Map<String, Object> summary() {
        long from = this.from;
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
        out.put("streamsEnded", streams.ended());
        out.put("tenantsWithoutUpdate", silent);
        out.put("updatesPerTenantPerSecond", Stack.round(updates / seconds / Math.max(1, arrivals.size())));
        out.put("refreshGapMs", Percentiles.of(gaps.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    @Override
    public void close() {
        streams.close();
    }
}
