package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.ApplyLanes;
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
    /** Runs the lanes of a poll; its threads start on first use, so none with one lane. */
    private final ExecutorService laneThreads;

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
        this.laneThreads = Executors.newFixedThreadPool(Math.max(1, config.applyLanes()), Ticker.daemon("metrics-apply"));
    }

    /**
     * Applies events (any tenants, in Kafka order) and answers the tenants that changed. The
     * tenants are split into {@link MetricsConfig#applyLanes() lanes} that run side by side; in a
     * lane, the tenants' reads go in one round trip and their writes in another. Each tenant's
     * write is still one atomic script and each tenant is in one lane, so a tenant is never half
     * applied and its events keep their order.
     */
    public Map<String, Long> apply(List<EventEnvelope> events, long now) {
        Map<String, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
        List<Map<String, List<EventEnvelope>>> lanes = ApplyLanes.split(byTenant, config.applyLanes());
        if (lanes.size() == 1) {
            return applyLane(lanes.get(0), now);
        }
        List<Callable<Map<String, Long>>> work = new ArrayList<>(lanes.size());
        lanes.forEach(lane -> work.add(() -> applyLane(lane, now)));
        Map<String, Long> changed = new LinkedHashMap<>();
        try {
            // invokeAll returns once every lane has finished, failed ones included: a failed poll is
            // retried only when no lane is still writing.
            for (Future<Map<String, Long>> lane : laneThreads.invokeAll(work)) {
                changed.putAll(lane.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying", e);
        }
        return changed;
    }

    private Map<String, Long> applyLane(Map<String, List<EventEnvelope>> byTenant, long now) {
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

    @PreDestroy
    void stop() {
        laneThreads.shutdownNow();
    }
}
