package dev.floorwatch.common.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The consumer loop every Floorwatch consumer uses, on its own thread: poll, hand the poll to the
 * handler, and commit its offsets only after the handler succeeded. When the handler fails
 * (Redis down, say) the partitions are paused — the group membership is kept — and the same poll
 * is handed over again with backoff until it succeeds, so nothing is skipped; {@link #healthy()}
 * is false meanwhile, for readiness. A crash between handling and committing replays the poll:
 * handlers are idempotent.
 *
 * <p>Offsets are committed asynchronously: the loop goes on to the next poll instead of waiting
 * a broker round trip for each one. What is handled but not known committed is committed
 * synchronously when partitions are revoked and when the loop stops, so a rebalance or a clean
 * shutdown replays nothing; a failed asynchronous commit is covered by the next one.
 */
public final class CommittingConsumer {

    /** Handles one poll; throws to have it retried. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecords<String, byte[]> records) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(CommittingConsumer.class);

    private final String name;
    private final Map<String, Object> settings;
    private final List<String> topics;
    private final Handler handler;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean healthy = true;
    private volatile String problem;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Handled offsets not yet known committed; only the loop's thread (rebalance callbacks included) touches it. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private Thread thread;

    /**
     * @param settings bootstrap servers and anything else; group, offsets and deserializers are set here
     * @param sessionTimeout how long a crashed replica's partitions wait before moving (Kafka's default is 45 s)
     */
    public CommittingConsumer(String name, Map<String, Object> settings, String group, String offsetReset,
            Duration sessionTimeout, List<String> topics, Handler handler, MeterRegistry registry) {
        this.name = name;
        this.settings = new HashMap<>(settings);
        this.settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        this.settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        this.settings.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        this.settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.toMillis() / 3);
        // The broker answers a waiting fetch as soon as a record arrives (fetch.min.bytes = 1): the wait bounds idle polling only.
        this.settings.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.registry = registry;
    }

    public void start() {
        running.set(true);
        thread = new Thread(this::run, name);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** False while the last poll could not be handled, or when the loop died. */
    public boolean healthy() {
        return healthy && thread != null && thread.isAlive();
    }

    public String problem() {
        return problem;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer()); KafkaClientMetrics metrics = new KafkaClientMetrics(kafka)) {
            consumer = kafka;
            metrics.bindTo(registry);
            kafka.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitNow(kafka, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            try {
                while (running.get()) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                    if (!records.isEmpty() && handleUntilDone(kafka, records)) {
                        commit(kafka, records);
                    }
                }
            } catch (WakeupException e) {
                // Shutting down.
            }
            commitNow(kafka, List.copyOf(uncommitted.keySet()));
        } catch (RuntimeException e) {
            healthy = false;
            problem = "consumer stopped: " + e;
            LOG.errorf(e, "%s stopped", name);
        }
    }

    private boolean handleUntilDone(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        long backoff = 100;
        while (running.get()) {
            try {
                handler.handle(records);
                if (!healthy) {
                    LOG.infof("%s: handling works again; resuming", name);
                    kafka.resume(kafka.assignment());
                }
                healthy = true;
                problem = null;
                return true;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                if (healthy) {
                    LOG.warnf("%s: cannot handle a poll (%s); pausing and retrying", name, e.toString());
                }
                healthy = false;
                problem = e.toString();
                kafka.pause(kafka.assignment());
                // Polling a paused consumer returns nothing but keeps its group membership.
                kafka.poll(Duration.ofMillis(backoff));
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        return false;
    }

    private void commit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            uncommitted.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(uncommitted);
        kafka.commitAsync(offsets, (committed, failure) -> {
            if (failure == null) {
                // Only what a later poll did not move on since.
                offsets.forEach((partition, offset) -> uncommitted.remove(partition, offset));
            } else {
                LOG.debugf("%s: asynchronous offset commit failed (the next one covers it): %s", name, failure.toString());
            }
        });
    }

    /** Commits what was handled of {@code partitions}, waiting for the broker. */
    private void commitNow(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(partition -> {
            OffsetAndMetadata offset = uncommitted.remove(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                kafka.commitSync(offsets);
            } catch (WakeupException e) {
                // stop()'s wakeup, not consumed by a poll; it is now.
                kafka.commitSync(offsets);
            }
        } catch (RebalanceInProgressException | CommitFailedException e) {
            // The partitions moved on; their new owner replays from the last commit, idempotently.
            LOG.infof("%s: offset commit skipped after a rebalance: %s", name, e.getMessage());
        }
    }
}
