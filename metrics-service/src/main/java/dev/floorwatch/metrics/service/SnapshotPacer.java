package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.OverviewJson;
import dev.floorwatch.metrics.domain.SnapshotPolicy;
import dev.floorwatch.metrics.domain.SnapshotTurns;
import dev.floorwatch.metrics.messaging.SnapshotPublisher;
import dev.floorwatch.metrics.store.LiveStateStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Every snapshot leaves through here, on the tenant's turn ({@link SnapshotTurns}): the tick's,
 * once a second, and a change's within {@link #ROUND_MS}, so that an alert's condition reaches
 * alert-service when it becomes true and not at the next tick. A change that finds the turn taken
 * by a read before it, or a tick that does, is published when the turn ends; changes meanwhile
 * ride along. Changes are published in rounds, not one by one: a round takes the turns of all its
 * tenants in one round trip, and its snapshots reach Kafka and alert-service together (one by one,
 * alert-service polled and committed four times as often).
 */
@ApplicationScoped
public class SnapshotPacer {

    private static final Logger LOG = Logger.getLogger(SnapshotPacer.class);
    /** Most time a change waits for its round. */
    static final long ROUND_MS = 100;

    private final LiveStateStore store;
    private final ReadModelService reads;
    private final OverviewBroadcaster broadcaster;
    private final SnapshotPublisher snapshots;
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(Ticker.daemon("metrics-snapshots"));
    /** A round's reads wait on Redis: side by side. */
    private final ExecutorService readers = Executors.newFixedThreadPool(4, Ticker.daemon("metrics-snapshot-reads"));

    /** One tenant's pacing on this replica. */
    private static final class Turn {
        /** Latest change (or tick) that a published snapshot must show. */
        final AtomicLong changedAt = new AtomicLong();
        /** Latest read of the floor known published, by any replica. */
        final AtomicLong coveredAt = new AtomicLong();
        /** Not before this (epoch ms): the turn is taken until then. */
        final AtomicLong tryAt = new AtomicLong();
        /** What this replica last published, for {@link SnapshotPolicy}. */
        volatile Published last;

        boolean pending() {
            return !SnapshotTurns.covers(coveredAt.get(), changedAt.get());
        }

        void taken(long holder, long now) {
            coveredAt.accumulateAndGet(holder, Math::max);
            tryAt.accumulateAndGet(SnapshotTurns.retryAt(holder, now), Math::max);
        }
    }

    private record Published(long at, Overview overview) {
    }

    public SnapshotPacer(LiveStateStore store, ReadModelService reads, OverviewBroadcaster broadcaster,
            SnapshotPublisher snapshots) {
        this.store = store;
        this.reads = reads;
        this.broadcaster = broadcaster;
        this.snapshots = snapshots;
    }

    void start(@Observes StartupEvent start) {
        rounds.scheduleWithFixedDelay(this::round, ROUND_MS, ROUND_MS, TimeUnit.MILLISECONDS);
    }

    /** Events of these tenants were applied by {@code at} (epoch ms): their snapshots should show them soon. */
    public void changed(Set<String> tenants, long at) {
        for (String tenant : tenants) {
            turns.computeIfAbsent(tenant, t -> new Turn()).changedAt.accumulateAndGet(at, Math::max);
        }
    }

    /** Whether the tick should publish this overview now ({@link SnapshotPolicy}, against what this replica published). */
    public boolean due(String tenant, Overview overview, long now) {
        Turn turn = turns.get(tenant);
        Published last = turn == null ? null : turn.last;
        return SnapshotPolicy.due(overview, last == null ? null : last.overview(), last == null ? 0 : now - last.at());
    }

    /**
     * The tick's snapshots, read at {@code readAt}: published where the turn is free, the others
     * when their turn ends (one round trip for the turns of all).
     */
    public void publish(List<OverviewJson> due, long readAt) {
        if (due.isEmpty()) {
            return;
        }
        List<String> tenants = new ArrayList<>(due.size());
        due.forEach(overview -> tenants.add(overview.overview().tenant()));
        List<Long> holders = store.takeSnapshotTurns(tenants, readAt);
        long now = System.currentTimeMillis();
        for (int i = 0; i < due.size(); i++) {
            Turn turn = turns.computeIfAbsent(tenants.get(i), t -> new Turn());
            Long holder = holders.get(i);
            if (holder == null) {
                published(turn, due.get(i), readAt);
            } else {
                turn.changedAt.accumulateAndGet(readAt, Math::max);
                turn.taken(holder, now);
            }
        }
    }

    /** Forgets tenants no longer ticked, once their changes are published. */
    public void retain(Set<String> tenants) {
        turns.entrySet().removeIf(entry -> !tenants.contains(entry.getKey()) && !entry.getValue().pending());
    }

    private void published(Turn turn, OverviewJson overview, long readAt) {
        snapshots.publish(overview);
        turn.last = new Published(readAt, overview.overview());
        turn.coveredAt.accumulateAndGet(readAt, Math::max);
        turn.tryAt.accumulateAndGet(readAt + SnapshotTurns.TURN_MS, Math::max);
    }

    /** Publishes every tenant with a change not yet shown whose turn may be free. */
    private void round() {
        try {
            long now = System.currentTimeMillis();
            List<String> tenants = new ArrayList<>();
            turns.forEach((tenant, turn) -> {
                if (turn.pending() && turn.tryAt.get() <= now) {
                    tenants.add(tenant);
                }
            });
            if (tenants.isEmpty()) {
                return;
            }
            List<Long> holders = store.takeSnapshotTurns(tenants, now);
            List<Future<?>> reading = new ArrayList<>();
            for (int i = 0; i < tenants.size(); i++) {
                String tenant = tenants.get(i);
                Turn turn = turns.computeIfAbsent(tenant, t -> new Turn());
                Long holder = holders.get(i);
                if (holder != null) {
                    turn.taken(holder, now);
                } else {
                    reading.add(readers.submit(() -> published(turn, broadcaster.render(reads.overview(tenant, now)), now)));
                }
            }
            for (Future<?> read : reading) {
                read.get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Redis or a read failed. A turn taken without a snapshot counts as covering its
            // changes; the tick, which publishes whenever a number changed, shows them within a second.
            LOG.warnf("snapshots of changed tenants not published: %s", e.toString());
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        rounds.shutdownNow();
        readers.shutdownNow();
    }
}
