package dev.floorwatch.notifier.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.notifier.config.NotifierConfig;
import dev.floorwatch.notifier.domain.Delivery;
import dev.floorwatch.notifier.domain.Receiver;
import dev.floorwatch.notifier.domain.RetryPolicy;
import dev.floorwatch.notifier.domain.SendWindow;
import dev.floorwatch.notifier.domain.VendorReply;
import dev.floorwatch.notifier.messaging.DeadLetters;
import dev.floorwatch.notifier.store.DeliveryLog;
import dev.floorwatch.notifier.store.DeliveryStore;
import dev.floorwatch.notifier.store.ReceiverStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends what is due. Every 100 ms it takes the receivers whose message is due, and for each —
 * under a lease, so one worker of any replica at a time — it respects the vendor's rate window
 * (waiting alerts pile up and go out together as one message when the window opens: a digest,
 * never a burst, nothing dropped), renders all waiting alerts as one message, sends it and reads
 * the vendor's answer: delivered, retried later with backoff, or failed for good and dead-lettered.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** Alerts in one message at most; more wait for the next one. */
    private static final int BATCH = 200;
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final ReceiverStore receivers;
    private final DeliveryStore store;
    private final DeliveryLog log;
    private final NoticeSender sender;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final RetryPolicy retries;
    private final String holder = UUID.randomUUID().toString();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "delivery-clock"));
    private final ExecutorService senders;

    public DeliveryWorker(ReceiverStore receivers, DeliveryStore store, DeliveryLog log, NoticeSender sender,
            DeadLetters deadLetters, NotifierConfig config, MeterRegistry registry) {
        this.receivers = receivers;
        this.store = store;
        this.log = log;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.retries = new RetryPolicy(config.retryFirstDelay(), config.retryMaxDelay(), config.retryGiveUpAfter());
        this.senders = Executors.newFixedThreadPool(config.deliveryThreads(), r -> thread(r, "delivery"));
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    void start(@Observes StartupEvent start) {
        clock.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        clock.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            for (String member : store.due(System.currentTimeMillis(), 100)) {
                if (inFlight.add(member)) {
                    senders.submit(() -> {
                        try {
                            deliver(member);
                        } catch (Exception e) {
                            // A bug or an outage of Redis/Kafka: try this receiver again later, not in a hot loop.
                            LOG.errorf("delivery to %s failed: %s", member, e.toString());
                            postponeQuietly(member, System.currentTimeMillis() + 5_000);
                        } finally {
                            inFlight.remove(member);
                        }
                    });
                }
            }
        } catch (Exception e) {
            LOG.warnf("cannot read the delivery schedule: %s", e.toString());
        }
    }

    private void postponeQuietly(String member, long at) {
        try {
            int split = member.indexOf('\u241f');
            store.postpone(member.substring(0, split), member.substring(split + 1), at);
        } catch (Exception e) {
            LOG.warnf("cannot postpone %s: %s", member, e.toString());
        }
    }

    private void deliver(String member) throws Exception {
        int split = member.indexOf('\u241f');
        String tenant = member.substring(0, split);
        String receiverId = member.substring(split + 1);
        if (!store.lease(member, holder, LEASE)) {
            return;
        }
        try {
            Optional<Receiver> found = receivers.receiver(tenant, receiverId);
            if (found.isEmpty()) {
                store.forget(tenant, receiverId);
                return;
            }
            Receiver receiver = found.get();
            long now = System.currentTimeMillis();
            long allowed = SendWindow.nextAllowed(receiver.type(), store.sentSince(tenant, receiverId, now - 60_000), now);
            if (allowed > now) {
                registry.counter("floorwatch.notifier.rate.waits", "type", receiver.type().wireName()).increment();
                store.postpone(tenant, receiverId, allowed);
                return;
            }
            List<AlertEvent> pending = store.pending(tenant, receiverId, BATCH);
            if (pending.isEmpty()) {
                store.done(tenant, receiverId, 0, null, now);
                return;
            }
            send(tenant, receiver, pending, now);
        } finally {
            store.release(member, holder);
        }
    }

    private void send(String tenant, Receiver receiver, List<AlertEvent> pending, long now) throws Exception {
        long started = System.nanoTime();
        VendorReply reply = sender.send(tenant, receiver, pending, now);
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // The vendor counts a message when it arrives, somewhere between our start and its reply:
        // the window counts it from the reply, so a message a window later can never land inside it.
        long counted = now + latency;
        Timer.builder("floorwatch.notifier.send.latency").tag("type", receiver.type().wireName())
                .publishPercentileHistogram().register(registry).record(latency, TimeUnit.MILLISECONDS);
        DeliveryStore.Attempts attempts = store.attempts(tenant, receiver.id());
        VendorReply.Outcome outcome = reply.outcome();
        if (outcome == VendorReply.Outcome.RETRY && retries.exhausted(attempts.firstAt(), now)) {
            outcome = VendorReply.Outcome.FAILED;
        }
        List<String> alerts = pending.stream().map(a -> a.key() + " " + a.state()).toList();
        Delivery delivery = new Delivery(receiver.id(), receiver.type().wireName(), alerts, Instant.ofEpochMilli(now),
                outcome.name().toLowerCase(), reply.code(), reply.message(), latency, attempts.count() + 1);
        log.record(tenant, delivery);
        registry.counter("floorwatch.notifier.deliveries", "type", receiver.type().wireName(), "outcome",
                delivery.outcome()).increment();
        switch (outcome) {
            case DELIVERED -> store.done(tenant, receiver.id(), pending.size(), counted, now);
            case RETRY -> store.retryAt(tenant, receiver.id(),
                    new DeliveryStore.Attempts(attempts.count() + 1, attempts.firstAt() > 0 ? attempts.firstAt() : now),
                    now + retries.delayMillis(attempts.count() + 1, ThreadLocalRandom.current()));
            case FAILED -> {
                deadLetters.publish(tenant, delivery, pending);
                store.done(tenant, receiver.id(), pending.size(), null, now);
            }
        }
    }
}
