package dev.floorwatch.metrics.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.Overview;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Pushes overviews to this replica's SSE watchers: at once when a watcher arrives, on every
 * change announced by any replica (Redis pub/sub), coalesced to at most one push a second per
 * tenant, and at least once a second from the tick so waits keep growing on screen.
 */
@ApplicationScoped
public class OverviewBroadcaster {

    private static final Logger LOG = Logger.getLogger(OverviewBroadcaster.class);
    static final long MIN_INTERVAL_MS = 1_000;

    private final ReadModelService reads;
    private final ReactiveRedisDataSource redis;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** One open stream; never sent an overview older than the last one it got. */
    private static final class Subscriber {
        final MultiEmitter<? super Overview> emitter;
        long lastAt;

        Subscriber(MultiEmitter<? super Overview> emitter) {
            this.emitter = emitter;
        }

        synchronized void send(Overview overview, long at) {
            if (at > lastAt) {
                lastAt = at;
                emitter.emit(overview);
            }
        }
    }

    private static final class Watch {
        final Set<Subscriber> emitters = new CopyOnWriteArraySet<>();
        final AtomicBoolean pushing = new AtomicBoolean();
        volatile long lastPush;
    }

    public OverviewBroadcaster(ReadModelService reads, ReactiveRedisDataSource redis, MeterRegistry registry) {
        this.reads = reads;
        this.redis = redis;
        Gauge.builder("floorwatch.metrics.sse.subscribers", watches,
                w -> w.values().stream().mapToInt(watch -> watch.emitters.size()).sum())
                .description("Open overview streams on this replica").register(registry);
    }

    void listen(@Observes StartupEvent start) {
        redis.pubsub(String.class).subscribe(MetricsKeys.CHANGES_CHANNEL)
                .subscribe().with(this::changed, e -> LOG.warnf("change notifications stopped: %s", e.toString()));
    }

    /** A stream of overviews of {@code tenant}, starting with the current one. */
    public Multi<Overview> watch(String tenant) {
        return Multi.createFrom().<Overview>emitter(emitter -> {
            Watch watch = watches.computeIfAbsent(tenant, t -> new Watch());
            Subscriber subscriber = new Subscriber(emitter);
            watch.emitters.add(subscriber);
            emitter.onTermination(() -> {
                watch.emitters.remove(subscriber);
                watches.computeIfPresent(tenant, (t, w) -> w.emitters.isEmpty() ? null : w);
            });
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    long now = System.currentTimeMillis();
                    subscriber.send(reads.overview(tenant, now), now);
                } catch (RuntimeException e) {
                    LOG.warnf("first overview of %s failed: %s", tenant, e.toString());
                }
            });
        });
    }

    public List<String> watchedTenants() {
        return List.copyOf(watches.keySet());
    }

    /** A replica applied events of {@code tenant}: push now unless a push went out less than a second ago. */
    void changed(String tenant) {
        Watch watch = watches.get(tenant);
        if (watch == null) {
            return;
        }
        if (System.currentTimeMillis() - watch.lastPush >= MIN_INTERVAL_MS) {
            Infrastructure.getDefaultWorkerPool().execute(() -> push(tenant, System.currentTimeMillis()));
        }
    }

    /**
     * Called every tick (and on changes): pushes if a second passed since the last push. Answers
     * the overview it computed, or null when nothing was due.
     */
    public Overview push(String tenant, long now) {
        Watch watch = watches.get(tenant);
        if (watch == null || now - watch.lastPush < MIN_INTERVAL_MS - 50 || !watch.pushing.compareAndSet(false, true)) {
            return null;
        }
        try {
            Overview overview = reads.overview(tenant, now);
            watch.lastPush = now;
            watch.emitters.forEach(subscriber -> subscriber.send(overview, now));
            return overview;
        } catch (RuntimeException e) {
            LOG.warnf("overview of %s not pushed: %s", tenant, e.toString());
            return null;
        } finally {
            watch.pushing.set(false);
        }
    }
}
