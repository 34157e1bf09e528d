package dev.floorwatch.alert.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

import com.fasterxml.jackson.databind.JsonNode;
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
    private final ExecutorService evaluators;
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
        this.evaluators = pool("alert-evaluation", config.evaluationThreads());
        // Its own threads: a backlog of events must not hold up the once-a-second threshold evaluation.
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
        evaluators.shutdown();
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
     * A poll holds the snapshots of many tenants taken in the same second: tenants are evaluated
     * in parallel (each tenant's snapshots in order), so the last tenant of a burst does not wait
     * for all the others. The offsets are committed after every tenant is done.
     */
    private void onSnapshots(ConsumerRecords<String, byte[]> records) throws Exception {
        long started = System.nanoTime();
        Map<String, List<ConsumerRecord<String, byte[]>>> byTenant = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byTenant.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
        }
        List<Future<?>> done = new ArrayList<>(byTenant.size());
        byTenant.forEach((tenant, snapshots) -> done.add(evaluators.submit(() -> {
            boolean publish = false;
            for (ConsumerRecord<String, byte[]> record : snapshots) {
                JsonNode overview = json.readTree(record.value());
                publish |= thresholds.evaluate(tenant, overview).outboxWaiting();
                publish |= conversations.tick(tenant, Instant.parse(overview.path("at").asText())) > 0;
            }
            if (publish) {
                publishOutbox(tenant);
            }
            return null;
        })));
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
