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

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.FeedItem;
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
 * tenant, and at least once a second from the tick so waits keep growing on screen. Alert
 * transitions and in-app notifications of the feed ({@link FeedItem}) are pushed as they come.
 */
@ApplicationScoped
public class OverviewBroadcaster {

    private static final Logger LOG = Logger.getLogger(OverviewBroadcaster.class);
    static final long MIN_INTERVAL_MS = 1_000;

    private final ReadModelService reads;
    private final ReactiveRedisDataSource redis;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** An event of the stream: {@code overview} (data: the Overview) or a feed item's kind (data: its JSON). */
    public record StreamEvent(String name, String id, Object data) {
    }

    /** One open stream; never sent an overview older than the last one it got. */
    private static final class Subscriber {
        final MultiEmitter<? super StreamEvent> emitter;
        long lastAt;

        Subscriber(MultiEmitter<? super StreamEvent> emitter) {
            this.emitter = emitter;
        }

        synchronized void send(Overview overview, long at) {
            if (at > lastAt) {
                lastAt = at;
                emitter.emit(new StreamEvent("overview", overview.at(), overview));
            }
        }

        synchronized void send(StreamEvent event) {
            emitter.emit(event);
        }
    }

    private static final class Watch {
        final Set<Subscriber> emitters = new CopyOnWriteArraySet<>();
        final AtomicBoolean pushing = new AtomicBoolean();
        volatile long lastPush;
    }

    private final ObjectMapper json;

    public OverviewBroadcaster(ReadModelService reads, ReactiveRedisDataSource redis, ObjectMapper json, MeterRegistry registry) {
        this.reads = reads;
        this.redis = redis;
        this.json = json;
        Gauge.builder("floorwatch.metrics.sse.subscribers", watches,
                w -> w.values().stream().mapToInt(watch -> watch.emitters.size()).sum())
                .description("Open overview streams on this replica").register(registry);
    }

    void listen(@Observes StartupEvent start) {
        redis.pubsub(String.class).subscribe(MetricsKeys.CHANGES_CHANNEL)
                .subscribe().with(this::changed, e -> LOG.warnf("change notifications stopped: %s", e.toString()));
        redis.pubsub(String.class).subscribe(FeedItem.CHANNEL)
                .subscribe().with(this::fed, e -> LOG.warnf("the alert and notification feed stopped: %s", e.toString()));
    }

    /** An alert or notification for a tenant: to its watchers on this replica, as it comes. */
    void fed(String message) {
        try {
            FeedItem item = json.readValue(message, FeedItem.class);
            Watch watch = watches.get(item.tenant());
            if (watch != null) {
                StreamEvent event = new StreamEvent(item.kind(), null, item.data());
                watch.emitters.forEach(subscriber -> subscriber.send(event));
            }
        } catch (Exception e) {
            LOG.warnf("unreadable feed item: %s", e.toString());
        }
    }

    /** The stream of {@code tenant}: overviews, starting with the current one, and its alerts and notifications. */
    public Multi<StreamEvent> watch(String tenant) {
        return Multi.createFrom().<StreamEvent>emitter(emitter -> {
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
