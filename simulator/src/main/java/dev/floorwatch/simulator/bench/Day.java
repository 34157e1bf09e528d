package dev.floorwatch.simulator.bench;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.Scenario;
import dev.floorwatch.simulator.domain.Traffic;

/**
 * The benchmark's traffic: the simulator's normal day, replayed round and round with fresh
 * event ids (so nothing is a duplicate) and {@code occurredAt} = now.
 */
final class Day {

    private final List<ObjectNode> events;
    private final AtomicLong ids = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    Day() {
        long start = System.currentTimeMillis();
        this.events = Traffic.generate(Scenario.shipped("normal-day")).stream().map(e -> e.at(start, 1)).toList();
    }

    /** The next event of the day under a new id. */
    ObjectNode next() {
        long n = ids.incrementAndGet();
        ObjectNode event = events.get((int) (n % events.size())).deepCopy();
        return event.put("id", "bench-" + run + "-" + n).put("occurredAt", Instant.now().toString());
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
