package dev.floorwatch.metrics.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.messaging.RedisChannels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The wallboard's change notices and feed ride on Redis pub/sub. When Redis drops a subscriber
 * (a restart, or an overflowing output buffer, here {@code CLIENT KILL TYPE pubsub}), the
 * subscription must come back by itself: the data source's own pub/sub stayed silent for good.
 */
@QuarkusTest
class RedisChannelsTest {

    @Inject
    RedisChannels channels;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @Test
    void aSubscriptionWhoseConnectionRedisDropsIsMadeAgain() {
        String channel = "fw:test:" + UUID.randomUUID();
        List<String> received = new CopyOnWriteArrayList<>();
        channels.subscribe(channel, received::add);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            redis.pubsub(String.class).publish(channel, "before");
            assertTrue(received.contains("before"));
        });

        redis.execute("CLIENT", "KILL", "TYPE", "pubsub");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            redis.pubsub(String.class).publish(channel, "after");
            assertTrue(received.contains("after"), "a message published after the subscriber was dropped");
        });
        assertEquals(1.0, lost(channel), "the drop is counted once");
        assertTrue(received.stream().allMatch(m -> m.equals("before") || m.equals("after")), "only what was published: " + received);
    }

    private double lost(String channel) {
        Counter counter = registry.find("floorwatch.redis.subscriptions.lost").tag("channel", channel).counter();
        return counter == null ? 0 : counter.count();
    }
}
