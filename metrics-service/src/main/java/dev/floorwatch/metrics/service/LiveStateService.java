package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.store.LiveStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applying a poll's events to the live state: per tenant, drop events already applied, load
 * the states they touch, plan, and write atomically. Safe to repeat after a crash or rebalance:
 * whatever part of a batch took effect is skipped the second time.
 */
@ApplicationScoped
public class LiveStateService {

    private final LiveStateStore store;
    private final ApplyPlanner planner;
    private final MetricsConfig config;
    private final Counter applied;
    private final Counter duplicates;

    public LiveStateService(LiveStateStore store, MetricsConfig config, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        Set<String> riskTags = new HashSet<>();
        config.riskTags().forEach(tag -> riskTags.add(tag.toLowerCase()));
        this.planner = new ApplyPlanner(riskTags, config.retention(), config.staleAfter());
        this.applied = Counter.builder("floorwatch.metrics.events.applied")
                .description("Events whose effect was written to the live state").register(registry);
        this.duplicates = Counter.builder("floorwatch.metrics.events.duplicates")
                .description("Events skipped because their effect was already applied").register(registry);
    }

    /**
     * Applies events (any tenants, in Kafka order) and answers the tenants that changed. The
     * tenants' reads go in one round trip and their writes in another; each tenant's write is
     * still one atomic script, so a tenant is never half applied.
     */
    public Map<String, Long> apply(List<EventEnvelope> events, long now) {
        Map<String, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
        List<LiveStateStore.ReadRequest> requests = new ArrayList<>(byTenant.size());
        byTenant.forEach((tenant, tenantEvents) -> requests.add(new LiveStateStore.ReadRequest(tenant,
                tenantEvents.stream().map(EventEnvelope::id).toList(), ApplyPlanner.subjectsOf(tenantEvents))));
        List<LiveStateStore.Read> reads = store.read(requests, config.retention());

        List<ApplyPlanner.TenantPlan> plans = new ArrayList<>();
        List<Integer> freshCounts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String tenant = requests.get(i).tenant();
            LiveStateStore.Read read = reads.get(i);
            List<EventEnvelope> tenantEvents = byTenant.get(tenant);
            List<EventEnvelope> fresh = tenantEvents.stream().filter(e -> !read.applied().contains(e.id())).toList();
            duplicates.increment(tenantEvents.size() - fresh.size());
            if (!fresh.isEmpty()) {
                plans.add(planner.plan(tenant, fresh, read.loaded(), now));
                freshCounts.add(fresh.size());
            }
        }
        List<Integer> counts = store.apply(plans, config.retention());

        Map<String, Long> changed = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            applied.increment(counts.get(i));
            // Taken effect between this poll's read and its write: another consumer got there first.
            duplicates.increment(freshCounts.get(i) - counts.get(i));
            changed.put(plans.get(i).tenant(), now);
        }
        return changed;
    }
}
