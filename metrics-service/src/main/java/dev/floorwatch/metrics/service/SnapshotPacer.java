package dev.floorwatch.metrics.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

/**
 * Every snapshot leaves through here, on the tenant's turn ({@link SnapshotTurns}): the tick's,
 * once a second, and a change's at once, so that an alert's condition reaches alert-service when it
 * becomes true and not at the next tick. A change that finds the turn taken by a read before it,
 * or a tick that does, is published when the turn ends; changes meanwhile ride along.
 */
@ApplicationScoped
public class SnapshotPacer {

    private static final Logger LOG = Logger.getLogger(SnapshotPacer.class);

    private final LiveStateStore store;
    private final ReadModelService reads;
    private final OverviewBroadcaster broadcaster;
    private final SnapshotPublisher snapshots;
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor attempts;

    /** One tenant's pacing on this replica. */
    private static final class Turn {
        /** Latest change (or tick) that a published snapshot must show. */
        final AtomicLong changedAt = new AtomicLong();
        /** Latest read of the floor known published, by any replica. */
        final AtomicLong coveredAt = new AtomicLong();
        final AtomicBoolean scheduled = new AtomicBoolean();
        /** What this replica last published, for {@link SnapshotPolicy}. */
        volatile Published last;

        boolean pending() {
            return !SnapshotTurns.covers(coveredAt.get(), changedAt.get());
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
        // An attempt waits on Redis for its turn and its reads.
        this.attempts = new ScheduledThreadPoolExecutor(4, Ticker.daemon("metrics-snapshots"));
        this.attempts.setRemoveOnCancelPolicy(true);
    }

    /** Events of these tenants were applied by {@code at} (epoch ms): their snapshots should show them soon. */
    public void changed(Set<String> tenants, long at) {
        for (String tenant : tenants) {
            Turn turn = turns.computeIfAbsent(tenant, t -> new Turn());
            turn.changedAt.accumulateAndGet(at, Math::max);
            schedule(tenant, turn, at);
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
        for (int i = 0; i < due.size(); i++) {
            String tenant = tenants.get(i);
            Turn turn = turns.computeIfAbsent(tenant, t -> new Turn());
            Long holder = holders.get(i);
            if (holder == null) {
                published(turn, due.get(i), readAt);
            } else {
                turn.coveredAt.accumulateAndGet(holder, Math::max);
                turn.changedAt.accumulateAndGet(readAt, Math::max);
                schedule(tenant, turn, SnapshotTurns.retryAt(holder, System.currentTimeMillis()));
            }
        }
    }

    /** Forgets tenants no longer ticked (an attempt under way keeps its own). */
    public void retain(Set<String> tenants) {
        turns.keySet().retainAll(tenants);
    }

    private void published(Turn turn, OverviewJson overview, long readAt) {
        snapshots.publish(overview);
        turn.last = new Published(readAt, overview.overview());
        turn.coveredAt.accumulateAndGet(readAt, Math::max);
    }

    /** One attempt at a time per tenant, at {@code when} (epoch ms); a later change rides along. */
    private void schedule(String tenant, Turn turn, long when) {
        if (turn.pending() && turn.scheduled.compareAndSet(false, true)) {
            try {
                attempts.schedule(() -> attempt(tenant, turn), Math.max(0, when - System.currentTimeMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { // shut down
                turn.scheduled.set(false);
            }
        }
    }

    private void attempt(String tenant, Turn turn) {
        long now = System.currentTimeMillis();
        long heldSince = now;
        try {
            Long holder = store.takeSnapshotTurns(List.of(tenant), now).get(0);
            if (holder == null) {
                published(turn, broadcaster.render(reads.overview(tenant, now)), now);
            } else {
                heldSince = holder;
                turn.coveredAt.accumulateAndGet(holder, Math::max);
            }
        } catch (RuntimeException e) {
            // The next try is a turn later; the tick goes on meanwhile.
            LOG.warnf("snapshot of %s not published: %s", tenant, e.toString());
        } finally {
            turn.scheduled.set(false);
            schedule(tenant, turn, SnapshotTurns.retryAt(heldSince, System.currentTimeMillis()));
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        attempts.shutdownNow();
    }
}
