package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a poll's tenants into lanes applied side by side. A tenant goes whole into one lane, so
 * its events keep their order; each tenant goes to the lane with the fewest events so far, so one
 * busy tenant does not leave the other lanes idle for long. Pure: no I/O.
 */
public final class ApplyLanes {

    private ApplyLanes() {
    }

    /**
     * @param byTenant each tenant's events, tenants in first-seen order
     * @return at most {@code lanes} non-empty lanes (one, maybe empty, when there is nothing to split)
     */
    public static <E> List<Map<String, List<E>>> split(Map<String, List<E>> byTenant, int lanes) {
        int count = Math.max(1, Math.min(lanes, byTenant.size()));
        List<Map<String, List<E>>> out = new ArrayList<>(count);
        long[] load = new long[count];
        for (int i = 0; i < count; i++) {
            out.add(new LinkedHashMap<>());
        }
        byTenant.forEach((tenant, events) -> {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                if (load[i] < load[lightest]) {
                    lightest = i;
                }
            }
            out.get(lightest).put(tenant, events);
            load[lightest] += events.size();
        });
        return out;
    }
}
