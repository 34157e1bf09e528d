package dev.floorwatch.simulator.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.Scenario;
import dev.floorwatch.simulator.domain.Traffic;

/**
 * The benchmark's traffic: the simulator's normal day, replayed round and round with fresh
 * event ids (so nothing is a duplicate) and {@code occurredAt} = now. A tenant's single events
 * follow the day in order from its own cursor, each round with its own conversation ids, so its
 * conversations start, wait, get answered and end as on a real floor (one cursor shared by many
 * tenants would leave each with conversations that never end, and a standing cost that grows
 * from run to run).
 */
final class Day {

    private final List<ObjectNode> events;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    Day() {
        long start = System.currentTimeMillis();
        this.events = Traffic.generate(Scenario.shipped("normal-day")).stream().map(e -> e.at(start, 1)).toList();
    }

    /** The next event of the day under a new id (one cursor for all callers). */
    ObjectNode next() {
        return next("all", ids.incrementAndGet());
    }

    /** The next event of the day for {@code tenant}, from its own cursor. */
    ObjectNode next(String tenant) {
        return next(tenant, cursors.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet());
    }

    private ObjectNode next(String cursor, long n) {
        ObjectNode event = events.get((int) (n % events.size())).deepCopy();
        long round = n / events.size();
        if (round > 0 && event.hasNonNull("conversationId")) {
            event.put("conversationId", event.get("conversationId").asText() + "-r" + round);
        }
        return event.put("id", "bench-" + run + "-" + cursor + "-" + n).put("occurredAt", Instant.now().toString());
    }

    /** A conversation that starts and waits in the queue: ten of them make the default queue alert true. */
    static ObjectNode queued(String id, String conversation) {
        ObjectNode event = Stack.JSON.createObjectNode();
        event.put("id", id).put("type", "conversation.queued").put("occurredAt", Instant.now().toString())
                .put("channel", "web").put("conversationId", conversation).put("skillGroup", "presales");
        return event;
    }

    static ObjectNode started(String id, String conversation) {
        ObjectNode event = Stack.JSON.createObjectNode();
        event.put("id", id).put("type", "conversation.started").put("occurredAt", Instant.now().toString())
                .put("channel", "web").put("conversationId", conversation);
        event.putObject("data").put("initiator", "visitor");
        return event;
    }
}
