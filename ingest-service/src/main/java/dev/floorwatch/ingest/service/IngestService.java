package dev.floorwatch.ingest.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.http.Problem;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Tenant;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.EnvelopeValidator;
import dev.floorwatch.ingest.domain.TenantRateLimiter;
import dev.floorwatch.ingest.messaging.EventPublisher;
import dev.floorwatch.ingest.store.SeenEventIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Accepting events: validate, rate-limit, drop duplicates, publish, and only then remember the
 * ids. A request is all-or-nothing: either every new event is acknowledged by Kafka (202) or the
 * client is told to retry (503) and nothing of it counts as seen.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final EnvelopeValidator validator;
    private final TenantRateLimiter rateLimiter = new TenantRateLimiter(System::nanoTime);
    private final TenantAccess access;
    private final SeenEventIds seen;
    private final EventPublisher publisher;
    private final IngestConfig config;
    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final Clock clock = Clock.systemUTC();

    public IngestService(TenantAccess access, SeenEventIds seen, EventPublisher publisher, IngestConfig config,
            MeterRegistry registry) {
        this.validator = new EnvelopeValidator(config.maxBatchSize(), config.maxClockSkew());
        this.access = access;
        this.seen = seen;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
        this.publishLatency = Timer.builder("floorwatch.ingest.publish.latency")
                .description("Time from sending a request's events to Kafka until all were acknowledged")
                .publishPercentileHistogram()
                .register(registry);
    }

    public Uni<IngestResult> ingest(String tenant, JsonNode body) {
        EnvelopeValidator.Outcome outcome = validator.validate(body, tenant, clock.instant());
        if (!outcome.valid()) {
            rejected("invalid", 1);
            return Uni.createFrom().failure(ProblemException.invalid(outcome.errors()));
        }
        List<EventEnvelope> events = outcome.events();
        return access.tenant(tenant)
                .onFailure().transform(IngestService::storeUnavailable)
                .invoke(found -> checkRate(tenant, events.size(), found.map(Tenant::rateLimit).orElse(null)))
                .flatMap(ignored -> publishNew(tenant, events));
    }

    private Uni<IngestResult> publishNew(String tenant, List<EventEnvelope> events) {
        Map<String, EventEnvelope> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.id(), event));
        int repeatedInRequest = events.size() - distinct.size();
        return seen.alreadySeen(tenant, distinct.keySet(), config.duplicateWindow())
                .onFailure().transform(IngestService::storeUnavailable)
                .flatMap(already -> {
                    List<EventEnvelope> fresh = new ArrayList<>(distinct.size());
                    distinct.values().forEach(event -> {
                        if (!already.contains(event.id())) {
                            fresh.add(event);
                        }
                    });
                    int duplicates = repeatedInRequest + (distinct.size() - fresh.size());
                    long started = System.nanoTime();
                    return publisher.publish(fresh)
                            .ifNoItem().after(config.publishTimeout()).fail()
                            .onFailure().transform(e -> {
                                rejected("kafka-unavailable", events.size());
                                LOG.warnf("publishing %d events of tenant %s failed: %s", fresh.size(), tenant, e.toString());
                                return ProblemException.unavailable(
                                        "Kafka did not acknowledge the events in time; nothing of this request was accepted. Retry it.",
                                        Duration.ofSeconds(2));
                            })
                            .invoke(() -> publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                            .flatMap(published -> seen.remember(tenant, fresh.stream().map(EventEnvelope::id).toList(),
                                    config.duplicateWindow())
                                    // The events are in Kafka: a failure to remember them only risks a later duplicate.
                                    .onFailure().invoke(e -> LOG.warnf("could not remember ids of tenant %s: %s", tenant, e))
                                    .onFailure().recoverWithNull())
                            .map(ignored -> {
                                registry.counter("floorwatch.ingest.events", "outcome", "accepted").increment(fresh.size());
                                registry.counter("floorwatch.ingest.events", "outcome", "duplicate").increment(duplicates);
                                return new IngestResult(fresh.size(), duplicates);
                            });
                });
    }

    private void checkRate(String tenant, int events, Tenant.IngestRateLimit own) {
        int perSecond = own != null ? own.eventsPerSecond() : config.rateLimit().eventsPerSecond();
        int burst = own != null ? own.burst() : config.rateLimit().burst();
        long waitNanos = rateLimiter.acquire(tenant, events, perSecond, burst);
        if (waitNanos > 0) {
            rejected("rate-limited", events);
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            throw new ProblemException(Problem.of(429, "rate-limited", "Too Many Requests",
                    "Tenant " + tenant + " may send " + perSecond + " events/s (burst " + burst + "); retry after "
                            + seconds + " s."),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    /** Counts a rejection; also used by the resource for auth, size and format failures. */
    public void rejected(String reason, int events) {
        registry.counter("floorwatch.ingest.rejected", "reason", reason).increment(events);
    }

    private static Throwable storeUnavailable(Throwable e) {
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.warnf("Redis unavailable for duplicate check: %s", e.toString());
        return ProblemException.unavailable("The duplicate check store is unreachable; nothing was accepted. Retry it.",
                Duration.ofSeconds(2));
    }
}
