package dev.floorwatch.metrics.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.store.TrendStore;

/**
 * Keeps this replica's per-minute maxima of the trend gauges in memory and raises them in Redis
 * every {@link #FLUSH_EVERY_MS}, after the round in which the minute ended, and at shutdown —
 * only what rose since the last write, all tenants in one pipelined round trip. A raise is a
 * maximum, so replicas that ticked the same tenant in the same minute combine correctly. The
 * trend's current minute is so up to a few seconds behind the overview; the tick costs no Redis
 * write per tenant and second.
 */
@ApplicationScoped
public class TrendSampler {

    private static final Logger LOG = Logger.getLogger(TrendSampler.class);
    static final long FLUSH_EVERY_MS = 5_000;

    /** One tenant's minute: its maxima so far, and whether they rose since they were written. */
    record Minute(long minute, long queueLength, long longestWaitSeconds, long onlineAgents, boolean unwritten) {

        Minute raise(long queue, long wait, long online) {
            boolean rose = queue > queueLength || wait > longestWaitSeconds || online > onlineAgents;
            return !rose ? this : new Minute(minute, Math.max(queue, queueLength), Math.max(wait, longestWaitSeconds),
                    Math.max(online, onlineAgents), true);
        }

        Minute written() {
            return new Minute(minute, queueLength, longestWaitSeconds, onlineAgents, false);
        }
    }

    private final TrendStore trends;
    private final Duration retention;
    private final Map<String, Minute> minutes = new ConcurrentHashMap<>();
    private volatile long lastFlush;
    /** Minutes that ended with maxima unwritten, for the next flush (the tick must not wait on a write per tenant). */
    private final Queue<Map.Entry<String, Minute>> endedMinutes = new ConcurrentLinkedQueue<>();

    @Inject
    public TrendSampler(TrendStore trends, MetricsConfig config) {
        this(trends, config.retention());
    }

    TrendSampler(TrendStore trends, Duration retention) {
        this.trends = trends;
        this.retention = retention;
    }

    /** The overview of {@code tenant} at {@code now}, as the tick computed it. */
    public void sample(String tenant, Overview overview, long now) {
        long minute = now / 60_000;
        long queue = overview.queue().length();
        long wait = overview.queue().longestWaitSeconds();
        long online = overview.agents().online();
        Minute[] ended = new Minute[1];
        minutes.compute(tenant, (t, current) -> {
            if (current == null || current.minute() != minute) {
                ended[0] = current;
                return new Minute(minute, queue, wait, online, true);
            }
            return current.raise(queue, wait, online);
        });
        if (ended[0] != null && ended[0].unwritten()) {
            endedMinutes.add(Map.entry(tenant, ended[0]));
        }
    }

    /**
     * Writes what rose, at most every {@link #FLUSH_EVERY_MS} and after a round in which minutes
     * ended, and forgets minutes that ended. Tenants no longer {@code ticked} (deleted, or quiet
     * for the live window) are forgotten unwritten.
     */
    public void flushIfDue(long now, Set<String> ticked) {
        if (now - lastFlush < FLUSH_EVERY_MS && endedMinutes.isEmpty()) {
            return;
        }
        lastFlush = now;
        minutes.keySet().retainAll(ticked);
        flush(now / 60_000, ticked::contains);
    }

    /** Everything still unwritten; the tick calls it at shutdown, after its last round. */
    public void flushAll() {
        flush(Long.MAX_VALUE, tenant -> true);
    }

    private void flush(long currentMinute, Predicate<String> ticked) {
        List<Map.Entry<String, Minute>> writing = new ArrayList<>();
        for (Map.Entry<String, Minute> ended; (ended = endedMinutes.poll()) != null; ) {
            if (ticked.test(ended.getKey())) {
                writing.add(ended);
            }
        }
        int endedCount = writing.size();
        minutes.forEach((tenant, minute) -> {
            if (minute.unwritten()) {
                writing.add(Map.entry(tenant, minute));
            }
        });
        if (!writing.isEmpty() && write(writing)) {
            for (Map.Entry<String, Minute> entry : writing.subList(endedCount, writing.size())) {
                Minute minute = entry.getValue();
                // Marked written only if no sample raised it meanwhile.
                minutes.computeIfPresent(entry.getKey(), (t, current) -> current.equals(minute) ? minute.written() : current);
            }
        }
        minutes.forEach((tenant, minute) -> {
            if (minute.minute() < currentMinute) {
                minutes.remove(tenant, minute.written());
            }
        });
    }

    private boolean write(List<Map.Entry<String, Minute>> writing) {
        List<TrendStore.Raise> raises = new ArrayList<>(writing.size());
        for (Map.Entry<String, Minute> entry : writing) {
            Minute minute = entry.getValue();
            raises.add(new TrendStore.Raise(entry.getKey(), minute.minute(), minute.queueLength(), minute.longestWaitSeconds(),
                    minute.onlineAgents()));
        }
        try {
            trends.raiseAll(raises, retention);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("trends of %d tenants not written: %s", raises.size(), e.toString());
            return false;
        }
    }
}
