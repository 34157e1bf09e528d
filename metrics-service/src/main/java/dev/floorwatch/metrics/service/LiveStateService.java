package dev.floorwatch.metrics.service;

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

    /** Applies events (any tenants, in Kafka order) and answers the tenants that changed. */
    public Map<String, Long> apply(List<EventEnvelope> events, long now) {
        Map<String, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new java.util.ArrayList<>()).add(e));
        Map<String, Long> changed = new LinkedHashMap<>();
        byTenant.forEach((tenant, tenantEvents) -> {
            LiveStateStore.Read read = store.read(tenant, tenantEvents.stream().map(EventEnvelope::id).toList(),
                    ApplyPlanner.subjectsOf(tenantEvents));
            List<EventEnvelope> fresh = tenantEvents.stream().filter(e -> !read.applied().contains(e.id())).toList();
            duplicates.increment(tenantEvents.size() - fresh.size());
            if (fresh.isEmpty()) {
                return;
            }
            int count = store.apply(planner.plan(tenant, fresh, read.loaded(), now), config.retention());
            applied.increment(count);
            duplicates.increment(fresh.size() - count);
            changed.put(tenant, now);
        });
        return changed;
    }
}
