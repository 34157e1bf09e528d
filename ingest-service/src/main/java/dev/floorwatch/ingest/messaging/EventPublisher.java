package dev.floorwatch.ingest.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.messaging.KafkaConnection;
import dev.floorwatch.common.config.TopicsConfig;
import dev.floorwatch.common.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The only writer of {@code floorwatch.events}. A plain Kafka producer rather than a Reactive
 * Messaging emitter: each request needs the broker's acknowledgement of exactly its own records
 * before answering 202, and a bounded, producer-decided failure (delivery timeout) before
 * answering 503. Settings under {@code floorwatch.events-producer.*} are passed to the producer;
 * {@code acks=all} and idempotence are fixed (API.md).
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final String SETTINGS_PREFIX = "floorwatch.events-producer.";

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final ObjectMapper json;
    private final String topic;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, Config config,
            TopicsConfig topics, ObjectMapper json, MeterRegistry registry) {
        Map<String, Object> settings = KafkaConnection.settings(kafka);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(SETTINGS_PREFIX)) {
                settings.put(name.substring(SETTINGS_PREFIX.length()), config.getValue(name, String.class));
            }
        }
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service-events");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.metrics = new KafkaClientMetrics(producer);
        this.metrics.bindTo(registry);
        this.json = json;
        this.topic = topics.events();
    }

    /** Fetches the topic's metadata once at start, so the first request does not wait for it. */
    void warmUp(@Observes StartupEvent start) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                LOG.warnf("Kafka metadata for %s not available yet: %s", topic, e.getMessage());
            }
        });
    }

    /**
     * Sends the events and completes when Kafka acknowledged every one of them, or fails with the
     * first error (a request is all-or-nothing from the client's view).
     */
    public Uni<Void> publish(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // send() may block on metadata or a full buffer (bounded by max.block.ms): keep it off the event loop.
        return Uni.createFrom().<CompletableFuture<Void>>item(() -> sendAll(events))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(done -> Uni.createFrom().completionStage(done));
    }

    private CompletableFuture<Void> sendAll(List<EventEnvelope> events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        for (EventEnvelope event : events) {
            byte[] value;
            try {
                value = json.writeValueAsBytes(event);
            } catch (JsonProcessingException e) {
                done.completeExceptionally(e);
                return done;
            }
            try {
                producer.send(new ProducerRecord<>(topic, event.kafkaKey(), value), (metadata, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return done;
            }
        }
        return done;
    }

    @PreDestroy
    void close() {
        metrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
