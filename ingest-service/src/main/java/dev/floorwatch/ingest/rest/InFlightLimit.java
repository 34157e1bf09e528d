package dev.floorwatch.ingest.rest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.http.ProblemMappers;
import dev.floorwatch.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Sheds load before it piles up: when {@code floorwatch.ingest.max-in-flight} ingest requests are
 * being handled, another is answered 503 with {@code Retry-After} before its body is read (API.md's
 * 503: nothing of it was accepted, the client retries). An overloaded replica thus keeps
 * answering quickly instead of queueing until its heap is full.
 */
@Singleton
public class InFlightLimit {

    private final IngestConfig config;
    private final Counter shed;
    private final ObjectMapper json;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimit(IngestConfig config, ObjectMapper json, MeterRegistry registry) {
        this.config = config;
        this.json = json;
        this.shed = Counter.builder("floorwatch.ingest.requests.shed")
                .description("Requests answered 503 because the replica had max-in-flight requests already").register(registry);
        Gauge.builder("floorwatch.ingest.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Ingest requests being handled now").register(registry);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            context.next();
            return;
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            shed.increment();
            refuse(context);
            return;
        }
        context.addEndHandler(ended -> inFlight.decrementAndGet());
        context.next();
    }

    private void refuse(RoutingContext context) {
        ProblemMappers.end(context, ProblemException.unavailable("This replica is handling " + config.maxInFlight()
                + " requests already; nothing of this one was accepted. Retry it.", Duration.ofSeconds(1)), json);
    }
}
