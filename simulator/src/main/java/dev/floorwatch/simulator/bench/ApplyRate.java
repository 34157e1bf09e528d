package dev.floorwatch.simulator.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * metrics-service's apply rate: envelopes written straight to the events topic (ingest
 * is not in this measurement) as fast as a producer can, timed until metrics-service's consumer
 * group has committed past all of them — it commits only after a poll's events are in Redis.
 * Also returns the Redis command mix of the phase ({@code INFO commandstats} before and after),
 * which {@link RedisCeiling} replays with {@code redis-benchmark}.
 */
final class ApplyRate {

    private final Stack stack;
    private final Day day;

    ApplyRate(Stack stack, Day day) {
        this.stack = stack;
        this.day = day;
    }

    record Result(Map<String, Object> summary, Map<String, Long> commandCalls, long events) {
    }

    /**
     * Waits until both consumers of the events topic (metrics-service, alert-service's risk
     * matching) have handled every event written so far, and alert-service every snapshot: a step
     * must not measure the machine while it is still working off the previous step's backlog.
     */
    void awaitDrained(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.target.kafka()))) {
            eventsDrained(admin, endOffsets(admin, stack.target.eventsTopic()), timeout);
            // A starved alert-service falls behind on the once-a-second snapshots too (time to alert).
            drained(admin, endOffsets(admin, stack.target.snapshotsTopic()), timeout, stack.target.alertSnapshotsGroup(), false);
        }
    }

    Result run(List<Stack.Tenant> tenants, int events, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.target.kafka()))) {
            eventsDrained(admin, endOffsets(admin, stack.target.eventsTopic()), timeout); // earlier steps' events first
            Map<String, Long> before = commandCalls();
            long started = System.nanoTime();
            AtomicLong failed = new AtomicLong();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(IngestLoad.producerSettings(stack.target.kafka()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < events; i++) {
                    ObjectNode event = day.next();
                    String subject = event.path("conversationId").asText(event.path("agentId").asText(event.path("visitorId").asText("")));
                    // One conversation stays with one tenant, as it would.
                    Stack.Tenant tenant = tenants.get(Math.floorMod(subject.hashCode(), tenants.size()));
                    ObjectNode envelope = IngestLoad.envelope(event, tenant.id());
                    producer.send(new ProducerRecord<>(stack.target.eventsTopic(), IngestLoad.key(envelope), Stack.JSON.writeValueAsBytes(envelope)),
                            (meta, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                }
                            });
                }
                producer.flush();
            }
            long produced = System.nanoTime();
            Map<TopicPartition, Long> written = endOffsets(admin, stack.target.eventsTopic());
            // alert-service's risk matching reads the same events at the same time; its rate is reported beside.
            Map<String, Long> caughtUp = drained(admin, written, timeout, eventGroups());
            Map<String, Long> after = commandCalls();
            long applied = caughtUp.get(stack.target.metricsGroup());
            long matched = caughtUp.get(stack.target.alertEventsGroup());
            Map<String, Long> calls = new LinkedHashMap<>();
            after.forEach((command, n) -> {
                long delta = n - before.getOrDefault(command, 0L);
                if (delta > 0) {
                    calls.put(command, delta);
                }
            });
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("events", events);
            summary.put("notProduced", failed.get());
            summary.put("tenants", tenants.size());
            summary.put("producedInSeconds", Stack.round((produced - started) / 1e9));
            summary.put("appliedInSeconds", Stack.round((applied - started) / 1e9));
            summary.put("eventsPerSecond", Stack.round(events / ((applied - started) / 1e9)));
            summary.put("riskMatchedInSeconds", Stack.round((matched - started) / 1e9));
            summary.put("riskMatchedEventsPerSecond", Stack.round(events / ((matched - started) / 1e9)));
            summary.put("redisCommandsPerEvent", calls.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Stack.round((double) e.getValue() / events), (a, b) -> a,
                            LinkedHashMap::new)));
            return new Result(summary, calls, events);
        }
    }

    /** Both consumer groups of the events topic (metrics-service, alert-service's risk matching) past {@code ends}. */
    private void eventsDrained(Admin admin, Map<TopicPartition, Long> ends, Duration timeout) throws Exception {
        drained(admin, ends, timeout, eventGroups());
    }

    /** The events topic's consumer groups, each with whether it must have committed every partition. */
    private Map<String, Boolean> eventGroups() {
        Map<String, Boolean> groups = new LinkedHashMap<>();
        groups.put(stack.target.metricsGroup(), true);
        groups.put(stack.target.alertEventsGroup(), false);
        return groups;
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** Waits until {@code group} committed at least {@code ends}; returns the nanoTime it saw that. */
    private long drained(Admin admin, Map<TopicPartition, Long> ends, Duration timeout, String group, boolean strict)
            throws Exception {
        return drained(admin, ends, timeout, Map.of(group, strict)).get(group);
    }

    /**
     * Waits until every group committed at least {@code ends}, watching them side by side; answers,
     * per group, the nanoTime it was first seen there. Not strict: a partition the group never
     * committed counts as done (alert-service's events group starts at the latest offset, so it
     * has nothing to catch up there).
     */
    private Map<String, Long> drained(Admin admin, Map<TopicPartition, Long> ends, Duration timeout, Map<String, Boolean> strictByGroup)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> seen = new HashMap<>();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, Boolean> group : strictByGroup.entrySet()) {
                if (seen.containsKey(group.getKey())) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean strict = group.getValue();
                boolean done = ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                        || committed.get(end.getKey()) == null && !strict
                        || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
                if (done) {
                    seen.put(group.getKey(), System.nanoTime());
                }
            }
            if (seen.size() == strictByGroup.size()) {
                return seen;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("consumer groups " + strictByGroup.keySet() + " did not all catch up within " + timeout
                + " (caught up: " + seen.keySet() + ")");
    }

    /** {@code INFO commandstats}: calls per command so far (commands inside scripts count too). */
    private Map<String, Long> commandCalls() throws Exception {
        Map<String, Long> calls = new HashMap<>();
        for (String line : stack.redis("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6);
                calls.put(command, Long.parseLong(count.substring(0, count.indexOf(','))));
            }
        }
        return calls;
    }
}
