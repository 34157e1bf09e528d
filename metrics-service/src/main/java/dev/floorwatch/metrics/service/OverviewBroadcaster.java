package dev.floorwatch.metrics.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.FeedItem;
import dev.floorwatch.common.messaging.RedisChannels;
import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.OverviewJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Pushes overviews to this replica's SSE watchers: at once when a watcher arrives, on every
 * change announced by any replica (Redis pub/sub), coalesced to at most four pushes a second per
 * tenant, and at least once a second from the tick so waits keep growing on screen. Alert
 * transitions and in-app notifications of the feed ({@link FeedItem}) are pushed as they come.
 */
@ApplicationScoped
public class OverviewBroadcaster {

    private static final Logger LOG = Logger.getLogger(OverviewBroadcaster.class);
    /** Least time between two pushes caused by changes: bursts coalesce, a quiet tenant's change goes out at once. */
    static final long CHANGE_INTERVAL_MS = 250;
    /** Most time between two pushes while watched: time-driven values (waits) move on screen. */
    static final long KEEPALIVE_MS = 1_000;

    private final ReadModelService reads;
    private final RedisChannels channels;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /**
     * An event of the stream: {@code overview} or a feed item's kind, with its data as JSON text,
     * written once however many streams of the tenant take it.
     */
    public record StreamEvent(String name, String id, String json) {
    }

    /** One open stream; never sent an overview older than the last one it got. */
    private static final class Subscriber {
        final MultiEmitter<? super StreamEvent> emitter;
        long lastAt;

        Subscriber(MultiEmitter<? super StreamEvent> emitter) {
            this.emitter = emitter;
        }

        synchronized void send(OverviewJson rendered, long at) {
            if (at > lastAt) {
                lastAt = at;
                emitter.emit(new StreamEvent("overview", rendered.overview().at(), rendered.json()));
            }
        }

        synchronized void send(StreamEvent event) {
            emitter.emit(event);
        }
    }

    private static final class Watch {
        final Set<Subscriber> emitters = new CopyOnWriteArraySet<>();
        final AtomicBoolean pushing = new AtomicBoolean();
        final AtomicBoolean deferred = new AtomicBoolean();
        volatile long lastPush;
    }

    private final ObjectMapper json;

    public OverviewBroadcaster(ReadModelService reads, RedisChannels channels, ObjectMapper json, MeterRegistry registry) {
        this.reads = reads;
        this.channels = channels;
        this.json = json;
        Gauge.builder("floorwatch.metrics.sse.subscribers", watches,
                w -> w.values().stream().mapToInt(watch -> watch.emitters.size()).sum())
                .description("Open overview streams on this replica").register(registry);
    }

    void listen(@Observes StartupEvent start) {
        channels.subscribe(MetricsKeys.CHANGES_CHANNEL, this::changed);
        channels.subscribe(FeedItem.CHANNEL, this::fed);
    }

    /** An alert or notification for a tenant: to its watchers on this replica, as it comes. */
    void fed(String message) {
        try {
            FeedItem item = json.readValue(message, FeedItem.class);
            Watch watch = watches.get(item.tenant());
            if (watch != null) {
                StreamEvent event = new StreamEvent(item.kind(), null, json.writeValueAsString(item.data()));
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
                    subscriber.send(render(reads.overview(tenant, now)), now);
                } catch (RuntimeException e) {
                    LOG.warnf("first overview of %s failed: %s", tenant, e.toString());
                }
            });
        });
    }

    public List<String> watchedTenants() {
        return List.copyOf(watches.keySet());
    }

    /** Whether {@code tenant} has a stream open on this replica. */
    public boolean watched(String tenant) {
        return watches.containsKey(tenant);
    }

    /** A replica applied events of {@code tenant}: its watchers here get the new overview. */
    void changed(String tenant) {
        Watch watch = watches.get(tenant);
        if (watch != null) {
            Infrastructure.getDefaultWorkerPool().execute(() -> pushChange(tenant, watch));
        }
    }

    /**
     * Pushes a change at once, or, when a push went out less than {@link #CHANGE_INTERVAL_MS} ago
     * or one is being computed (perhaps read before the change), as soon as that interval is over:
     * a burst of changes costs at most four overviews a second, and none is left for the tick.
     */
    private void pushChange(String tenant, Watch watch) {
        long now = System.currentTimeMillis();
        long since = now - watch.lastPush;
        if (since >= CHANGE_INTERVAL_MS && pushIfDue(tenant, watch, now, CHANGE_INTERVAL_MS, () -> reads.overview(tenant, now)).ran()) {
            return;
        }
        if (watches.get(tenant) == watch && watch.deferred.compareAndSet(false, true)) {
            // The pool's timer fires on an event loop, where the overview's blocking reads may not run.
            Infrastructure.getDefaultWorkerPool().schedule(() -> Infrastructure.getDefaultWorkerPool().execute(() -> {
                watch.deferred.set(false);
                pushChange(tenant, watch);
            }), Math.max(10, CHANGE_INTERVAL_MS - since), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Called every tick with the tenant's live state version: pushes if no push went out for about
     * a second, so waits keep growing on screen. Answers the overview it computed and its JSON, or
     * null when nothing was due.
     */
    public OverviewJson push(String tenant, long now, String version) {
        Watch watch = watches.get(tenant);
        return watch == null ? null
                : pushIfDue(tenant, watch, now, KEEPALIVE_MS - 50, () -> reads.overview(tenant, now, version)).overview();
    }

    /** A push attempt: skipped (too soon, or another being computed), or ran (overview null if it failed). */
    private record Push(boolean ran, OverviewJson overview) {
        static final Push SKIPPED = new Push(false, null);
    }

    private Push pushIfDue(String tenant, Watch watch, long now, long minGap, Supplier<Overview> read) {
        if (now - watch.lastPush < minGap || !watch.pushing.compareAndSet(false, true)) {
            return Push.SKIPPED;
        }
        try {
            OverviewJson overview = render(read.get());
            watch.lastPush = now;
            watch.emitters.forEach(subscriber -> subscriber.send(overview, now));
            return new Push(true, overview);
        } catch (RuntimeException e) {
            LOG.warnf("overview of %s not pushed: %s", tenant, e.toString());
            return new Push(true, null);
        } finally {
            watch.pushing.set(false);
        }
    }

    /** The overview with its JSON text, written once here for every reader of it. */
    public OverviewJson render(Overview overview) {
        try {
            return new OverviewJson(overview, json.writeValueAsString(overview));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
