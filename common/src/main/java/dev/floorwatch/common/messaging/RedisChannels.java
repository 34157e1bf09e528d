package dev.floorwatch.common.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Subscriptions to Redis pub/sub channels that outlive their connection. The data source's own
 * pub/sub API gives no signal when its connection ends (quarkusio/quarkus#33418): after a Redis
 * restart, or when Redis drops a subscriber whose output buffer overflowed, the subscription was
 * silently gone for good. Here each channel holds its own connection and, when that ends or fails,
 * connects and subscribes again, waiting longer after each failed attempt (up to 5 s). Messages
 * published meanwhile are lost, as pub/sub always allows: every subscriber has a slower path
 * (the tick, a cache expiry) that catches up.
 */
@ApplicationScoped
public class RedisChannels {

    private static final Logger LOG = Logger.getLogger(RedisChannels.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(200);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public RedisChannels(ReactiveRedisDataSource redis, Vertx vertx, MeterRegistry registry) {
        this.redis = redis;
        this.vertx = vertx;
        this.registry = registry;
    }

    /** Calls {@code onMessage} with each message on {@code channel}, on a Vert.x event loop, from now until shutdown. */
    public void subscribe(String channel, Consumer<String> onMessage) {
        Subscription subscription = new Subscription(channel, onMessage);
        subscriptions.add(subscription);
        subscription.connect();
    }

    /** On shutdown, before the Redis client closes: the connections' ends are then no loss to warn of. */
    void close(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        closed = true;
        subscriptions.forEach(Subscription::close);
    }

    private final class Subscription {
        final String channel;
        final Consumer<String> onMessage;
        volatile RedisConnection connection;
        Duration retry = FIRST_RETRY;
        /** Whether the current connection has subscribed: its end is a loss worth a warning, not one more failed attempt. */
        volatile boolean live;

        Subscription(String channel, Consumer<String> onMessage) {
            this.channel = channel;
            this.onMessage = onMessage;
        }

        void connect() {
            if (closed) {
                return;
            }
            redis.getRedis().connect().subscribe().with(this::subscribeOn, this::retryAfter);
        }

        void subscribeOn(RedisConnection conn) {
            connection = conn;
            conn.handler(this::message);
            conn.exceptionHandler(e -> ended(conn, e));
            conn.endHandler(() -> ended(conn, null));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(ok -> {
                if (retry != FIRST_RETRY) {
                    LOG.infof("subscribed to %s again", channel);
                }
                retry = FIRST_RETRY;
                live = true;
            }, e -> {
                conn.close().subscribe().with(x -> { }, x -> { });
                ended(conn, e);
            });
        }

        /** A published message: {@code ["message", channel, payload]}; the subscribe confirmation and others are not. */
        void message(Response response) {
            if (response.size() == 3 && "message".equals(response.get(0).toString())
                    && channel.equals(response.get(1).toString())) {
                onMessage.accept(response.get(2).toString());
            }
        }

        /** Called by both the exception and the end handler of a connection: reconnects once per connection. */
        synchronized void ended(RedisConnection conn, Throwable cause) {
            if (connection != conn) {
                return;
            }
            connection = null;
            if (closed) {
                return;
            }
            if (live) {
                live = false;
                registry.counter("floorwatch.redis.subscriptions.lost", "channel", channel).increment();
                LOG.warnf("lost the subscription to %s (%s); subscribing again", channel,
                        cause == null ? "connection closed" : cause.toString());
            }
            retryAfter(cause);
        }

        void retryAfter(Throwable cause) {
            Duration wait = retry;
            retry = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
            if (cause != null && wait == FIRST_RETRY) {
                LOG.warnf("cannot subscribe to %s (%s); trying again until it works", channel, cause.toString());
            }
            vertx.setTimer(wait.toMillis(), id -> connect());
        }

        void close() {
            RedisConnection conn = connection;
            connection = null;
            if (conn != null) {
                conn.close().subscribe().with(x -> { }, x -> { });
            }
        }
    }
}
