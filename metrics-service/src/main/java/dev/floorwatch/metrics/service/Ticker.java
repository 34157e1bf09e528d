package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.messaging.SnapshotPublisher;
import dev.floorwatch.metrics.store.LiveStateStore;
import dev.floorwatch.metrics.store.TrendStore;
import io.quarkus.scheduler.Scheduled;

/**
 * Once a second: push overviews to this replica's watchers, and for every live or watched tenant,
 * on exactly one replica (a per-tenant, per-second claim in Redis), publish the overview to
 * {@code floorwatch.snapshots} and sample the trend gauges. Waits and SLA breaches therefore grow
 * in snapshots and on screen even when no event arrives.
 */
@ApplicationScoped
public class Ticker {

    private static final Logger LOG = Logger.getLogger(Ticker.class);

    private final OverviewBroadcaster broadcaster;
    private final ReadModelService reads;
    private final LiveStateStore store;
    private final TrendStore trends;
    private final SnapshotPublisher snapshots;
    private final MetricsConfig config;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "metrics-tick");
        thread.setDaemon(true);
        return thread;
    });

    public Ticker(OverviewBroadcaster broadcaster, ReadModelService reads, LiveStateStore store, TrendStore trends,
            SnapshotPublisher snapshots, MetricsConfig config) {
        this.broadcaster = broadcaster;
        this.reads = reads;
        this.store = store;
        this.trends = trends;
        this.snapshots = snapshots;
        this.config = config;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        long now = System.currentTimeMillis();
        try {
            Set<String> tenants = new LinkedHashSet<>(broadcaster.watchedTenants());
            tenants.addAll(store.liveTenants(now - config.liveWindow().toMillis()));
            // Each tenant's tick is a few dozen Redis round trips: run them side by side.
            List<Future<?>> ticks = new ArrayList<>(tenants.size());
            for (String tenant : tenants) {
                ticks.add(workers.submit(() -> tick(tenant, now)));
            }
            for (Future<?> t : ticks) {
                t.get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warnf("tick failed: %s", e.toString());
        }
    }

    private void tick(String tenant, long now) {
        Overview pushed = broadcaster.push(tenant, now);
        if (store.claimTick(tenant, now / 1000)) {
            Overview overview = pushed != null ? pushed : reads.overview(tenant, now);
            snapshots.publish(overview);
            trends.record(tenant, overview, now, config.retention());
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
