package dev.floorwatch.metrics.service;

import java.util.LinkedHashSet;
import java.util.Set;

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
            for (String tenant : tenants) {
                Overview pushed = broadcaster.push(tenant, now);
                if (store.claimTick(tenant, now / 1000)) {
                    Overview overview = pushed != null ? pushed : reads.overview(tenant, now);
                    snapshots.publish(overview);
                    trends.record(tenant, overview, now, config.retention());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("tick failed: %s", e.toString());
        }
    }
}
