package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.OverviewJson;
import dev.floorwatch.metrics.domain.TickRounds;
import dev.floorwatch.metrics.domain.TickShards;
import dev.floorwatch.metrics.store.LiveStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Once a second: push overviews to this replica's watchers, and for every live or watched tenant,
 * on exactly one replica (a per-shard, per-second claim in Redis, {@link TickShards}), publish the
 * overview to {@code floorwatch.snapshots} on the tenant's turn ({@link SnapshotPacer}; a quiet,
 * empty floor less often: {@link dev.floorwatch.metrics.domain.SnapshotPolicy}) and sample the
 * trend gauges. Waits and SLA breaches therefore grow in snapshots and on screen
 * even when no event arrives.
 * Rounds start on the grid of {@link TickRounds}.
 */
@ApplicationScoped
public class Ticker {

    private static final Logger LOG = Logger.getLogger(Ticker.class);

    private final OverviewBroadcaster broadcaster;
    private final ReadModelService reads;
    private final LiveStateStore store;
    private final TrendSampler trends;
    /** Where this replica starts claiming shards: replicas ticking in the same instant reach for different ones. */
    private final int shardOffset = ThreadLocalRandom.current().nextInt(TickShards.COUNT);
    private final SnapshotPacer pacer;
    private final MetricsConfig config;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor rounds;
    /** When the next round is due, on the one-second grid (epoch ms). */
    private long due;
    private final Timer tickDuration;
    private final AtomicInteger tenantsTicked = new AtomicInteger();

    public Ticker(OverviewBroadcaster broadcaster, ReadModelService reads, LiveStateStore store, TrendSampler trends,
            SnapshotPacer pacer, MetricsConfig config, MeterRegistry registry) {
        this.broadcaster = broadcaster;
        this.reads = reads;
        this.store = store;
        this.trends = trends;
        this.pacer = pacer;
        this.config = config;
        // Above a second, rounds run back to back: tenants then refresh less than every second.
        this.tickDuration = Timer.builder("floorwatch.metrics.tick.duration")
                .description("Time to tick every live and watched tenant once").publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("floorwatch.metrics.tick.tenants", tenantsTicked);
        this.workers = Executors.newFixedThreadPool(config.tickThreads(), daemon("metrics-tick"));
        this.rounds = new ScheduledThreadPoolExecutor(1, daemon("metrics-ticker"));
        this.rounds.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    void start(@Observes StartupEvent start) {
        due = System.currentTimeMillis() + TickRounds.ROUND_MS;
        rounds.schedule(this::round, TickRounds.ROUND_MS, TimeUnit.MILLISECONDS);
    }

    /** One round, then the next: at the next grid second, or at once if this one ran past it. */
    private void round() {
        try {
            tick(System.currentTimeMillis(), due / 1000);
        } finally {
            long now = System.currentTimeMillis();
            due = TickRounds.next(due, now);
            if (!rounds.isShutdown()) {
                rounds.schedule(this::round, due - now, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * {@code second} names the round for the shard claims: its grid second, which differs from
     * round to round even when a round wakes late.
     */
    private void tick(long now, long second) {
        try {
            Set<String> tenants = new LinkedHashSet<>(broadcaster.watchedTenants());
            tenants.addAll(store.liveTenants(now - config.liveWindow().toMillis()));
            reads.keepShapesOf(tenants);
            pacer.retain(tenants);
            // A tenant's tick waits on Redis most of its time: shards run side by side.
            List<Future<?>> ticks = new ArrayList<>();
            for (List<String> shard : TickShards.split(tenants, shardOffset)) {
                ticks.add(workers.submit(() -> tickShard(shard, now, second)));
            }
            for (Future<?> t : ticks) {
                t.get(5, TimeUnit.SECONDS);
            }
            trends.flushIfDue(now, tenants);
            tickDuration.record(System.currentTimeMillis() - now, TimeUnit.MILLISECONDS);
            tenantsTicked.set(tenants.size());
        } catch (Exception e) {
            LOG.warnf("tick failed: %s", e.toString());
        }
    }

    /** Pushes to this replica's watchers; publishes and samples only if this replica claimed the shard for this second. */
    private void tickShard(List<String> tenants, long now, long second) {
        boolean claimed = store.claimTick(TickShards.of(tenants.get(0)), second);
        if (!claimed && tenants.stream().noneMatch(broadcaster::watched)) {
            return; // another replica ticks this shard, and nobody here watches its tenants: nothing to read
        }
        List<OverviewJson> due = new ArrayList<>();
        List<String> versions = store.versions(tenants);
        for (int i = 0; i < tenants.size(); i++) {
            String tenant = tenants.get(i);
            try {
                OverviewJson pushed = broadcaster.push(tenant, now, versions.get(i));
                if (claimed) {
                    Overview overview = pushed != null ? pushed.overview() : reads.overview(tenant, now, versions.get(i));
                    if (pacer.due(tenant, overview, now)) {
                        due.add(pushed != null ? pushed : broadcaster.render(overview));
                    }
                    trends.sample(tenant, overview, now);
                }
            } catch (RuntimeException e) {
                LOG.warnf("tick of %s failed: %s", tenant, e.toString());
            }
        }
        pacer.publish(due, now);
    }

    /**
     * On shutdown, while Redis is still open: no new round, the running one may finish, then the
     * trend's last seconds are written (they used to meet a closed client and be lost).
     */
    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        rounds.shutdown();
        rounds.awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        trends.flushAll();
    }
}
