package dev.floorwatch.alert.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.messaging.KafkaConnection;
import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.service.ConversationAlerts;
import dev.floorwatch.alert.service.RiskAlerts;
import dev.floorwatch.alert.service.ThresholdAlerts;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.messaging.CommittingConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * alert-service's two consumers. {@code floorwatch.snapshots} (key = tenant: one partition, so one
 * replica, evaluates a tenant's threshold and burst rules) and {@code floorwatch.events} (risk
 * keywords and burst signals). After a poll is handled its tenants' outboxes are published, then
 * the offsets are committed.
 */
@ApplicationScoped
@Readiness
public class AlertConsumers implements HealthCheck {

    private final CommittingConsumer snapshots;
    private final CommittingConsumer events;
    private final ThresholdAlerts thresholds;
    private final RiskAlerts risks;
    private final ConversationAlerts conversations;
    private final AlertStore store;
    private final AlertPublisher publisher;
    private final ObjectMapper json;
    private final Timer latency;
    /** This replica's name on outbox leases. */
    private final String holder = UUID.randomUUID().toString();
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(3);
    private final Map<String, Object> outboxLocks = new ConcurrentHashMap<>();
    private final ExecutorService publishers;
    private final ExecutorService matchers;

    public AlertConsumers(@Identifier("default-kafka-broker") Map<String, Object> kafka, TopicsConfig topics,
            AlertConfig config, ThresholdAlerts thresholds, RiskAlerts risks, ConversationAlerts conversations, AlertStore store, AlertPublisher publisher,
            ObjectMapper json, MeterRegistry registry) {
        this.thresholds = thresholds;
        this.risks = risks;
        this.conversations = conversations;
        this.store = store;
        this.publisher = publisher;
        this.json = json;
        this.latency = Timer.builder("floorwatch.alerts.evaluation.latency")
                .description("Time to handle one poll and publish its transitions").publishPercentileHistogram()
                .register(registry);
        this.publishers = pool("alert-outbox", config.evaluationThreads());
        // Its own threads: a backlog of events must not hold up the once-a-second snapshot evaluation.
        this.matchers = pool("alert-matching", config.evaluationThreads());
        Map<String, Object> settings = KafkaConnection.settings(kafka);
        // A new group starts at the end of snapshots: old ones describe a floor that no longer exists.
        this.snapshots = new CommittingConsumer("alert-service-snapshots", settings, config.consumerGroup(), "latest",
                config.sessionTimeout(), List.of(topics.snapshots()), this::onSnapshots, registry);
        this.events = new CommittingConsumer("alert-service-events", settings, config.consumerGroup() + "-events", "latest",
                config.sessionTimeout(), List.of(topics.events()), this::onEvents, registry);
    }

    void start(@Observes StartupEvent start) {
        snapshots.start();
        events.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        snapshots.stop();
        events.stop();
        publishers.shutdown();
        matchers.shutdown();
    }

    private static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alert consumers")
                .status(snapshots.healthy() && events.healthy())
                .withData("snapshots", String.valueOf(snapshots.problem()))
                .withData("events", String.valueOf(events.problem()))
                .build();
    }

    /**
     * A poll holds the snapshots of many tenants taken in the same second. They are evaluated in
     * rounds: a round takes the next snapshot of every tenant and evaluates them together, in a
     * few pipelined round trips to Redis for all of them (normally one round per poll). Tenants
     * whose outbox has transitions are then published in parallel, and the offsets committed.
     */
    private void onSnapshots(ConsumerRecords<String, byte[]> records) throws Exception {
        long started = System.nanoTime();
        Map<String, List<ThresholdAlerts.Snapshot>> byTenant = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byTenant.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(ThresholdAlerts.Snapshot.of(record.key(), json.readTree(record.value())));
        }
        Set<String> waiting = new LinkedHashSet<>();
        for (int round = 0; ; round++) {
            List<ThresholdAlerts.Snapshot> snapshots = new ArrayList<>();
            for (List<ThresholdAlerts.Snapshot> tenant : byTenant.values()) {
                if (round < tenant.size()) {
                    snapshots.add(tenant.get(round));
                }
            }
            if (snapshots.isEmpty()) {
                break;
            }
            List<ThresholdAlerts.Outcome> outcomes = thresholds.evaluate(snapshots);
            for (int i = 0; i < snapshots.size(); i++) {
                if (outcomes.get(i).outboxWaiting()) {
                    waiting.add(snapshots.get(i).tenant());
                }
            }
            waiting.addAll(conversations.tick(snapshots.stream()
                    .map(s -> new ConversationAlerts.Tick(s.tenant(), s.at())).toList()));
        }
        List<Future<?>> done = new ArrayList<>(waiting.size());
        for (String tenant : waiting) {
            done.add(publishers.submit(() -> {
                publishOutbox(tenant);
                return null;
            }));
        }
        awaitAll(done);
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * Each event costs a few Redis round trips, so a poll is handled in parallel by conversation:
     * one conversation's events stay in order (its track and alerts), and what is shared across a
     * tenant's conversations (signal counts, the outbox) is written by scripts that commute.
     */
    private void onEvents(ConsumerRecords<String, byte[]> records) throws Exception {
        Instant now = Instant.now();
        Map<String, List<EventEnvelope>> byConversation = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope event = json.readValue(record.value(), EventEnvelope.class);
            String conversation = event.conversationId() == null ? "" : event.conversationId();
            byConversation.computeIfAbsent(event.tenant() + '\n' + conversation, k -> new ArrayList<>()).add(event);
        }
        Set<String> tenants = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>(byConversation.size());
        for (List<EventEnvelope> events : byConversation.values()) {
            done.add(matchers.submit(() -> {
                for (EventEnvelope event : events) {
                    // Each handler marks the event seen with its own effects: after a crash between them, the replay finishes the other.
                    int written = Math.max(0, risks.handle(event, now)) + Math.max(0, conversations.handle(event, now));
                    if (written > 0) {
                        tenants.add(event.tenant());
                    }
                }
                return null;
            }));
        }
        awaitAll(done);
        publishOutboxes(tenants);
    }

    private static void awaitAll(List<Future<?>> tasks) throws Exception {
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private void publishOutboxes(Set<String> tenants) throws Exception {
        for (String tenant : tenants) {
            publishOutbox(tenant);
        }
    }

    /**
     * Publishes the tenant's outbox under its lease, then trims what was published, until it is
     * empty. The two consumers of this replica take turns per tenant rather than spin on the lease.
     */
    private void publishOutbox(String tenant) throws Exception {
        synchronized (outboxLocks.computeIfAbsent(tenant, t -> new Object())) {
            long deadline = System.nanoTime() + LEASE_WAIT.toNanos();
            while (!store.leaseOutbox(tenant, holder, LEASE)) {
                if (System.nanoTime() > deadline) {
                    // Another replica holds it (or held it and died): the poll is retried, its effects are idempotent.
                    throw new IllegalStateException("the outbox of " + tenant + " is leased by another replica");
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            try {
                List<AlertEvent> pending = store.outbox(tenant);
                while (!pending.isEmpty()) {
                    publisher.publish(pending);
                    store.published(tenant, pending.size());
                    pending = store.outbox(tenant);
                }
            } finally {
                store.releaseOutbox(tenant, holder);
            }
        }
    }
}
