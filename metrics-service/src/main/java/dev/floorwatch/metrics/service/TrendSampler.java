package dev.floorwatch.metrics.service;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.store.TrendStore;

/**
 * Keeps this replica's per-minute maxima of the trend gauges in memory and raises them in Redis
 * every {@link #FLUSH_EVERY_MS}, when the minute ends, and at shutdown — only what rose since the
 * last write. A raise is a maximum, so replicas that ticked the same tenant in the same minute
 * combine correctly. The trend's current minute is so up to a few seconds behind the overview;
 * the tick costs no Redis write per tenant and second.
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
            write(tenant, ended[0]);
        }
    }

    /**
     * Writes what rose, at most every {@link #FLUSH_EVERY_MS}, and forgets minutes that ended.
     * Tenants no longer {@code ticked} (deleted, or quiet for the live window) are forgotten unwritten.
     */
    public void flushIfDue(long now, Set<String> ticked) {
        if (now - lastFlush < FLUSH_EVERY_MS) {
            return;
        }
        lastFlush = now;
        minutes.keySet().retainAll(ticked);
        flush(now / 60_000);
    }

    /** Everything still unwritten; the tick calls it at shutdown, after its last round. */
    public void flushAll() {
        flush(Long.MAX_VALUE);
    }

    private void flush(long currentMinute) {
        for (Map.Entry<String, Minute> entry : minutes.entrySet()) {
            String tenant = entry.getKey();
            Minute minute = entry.getValue();
            if (minute.unwritten() && write(tenant, minute)) {
                // Marked written only if no sample raised it meanwhile.
                minutes.computeIfPresent(tenant, (t, current) -> current.equals(minute) ? minute.written() : current);
            }
            if (minute.minute() < currentMinute) {
                minutes.remove(tenant, minute.written());
            }
        }
    }

    private boolean write(String tenant, Minute minute) {
        try {
            trends.raise(tenant, minute.minute(), minute.queueLength(), minute.longestWaitSeconds(), minute.onlineAgents(),
                    retention);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("trend of %s not written: %s", tenant, e.toString());
            return false;
        }
    }
}
