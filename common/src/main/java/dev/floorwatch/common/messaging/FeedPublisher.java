package dev.floorwatch.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.FeedItem;
import io.quarkus.redis.datasource.RedisDataSource;

/** Publishes {@link FeedItem}s for the wallboards' streams; best effort, never failing the caller. */
@ApplicationScoped
public class FeedPublisher {

    private static final Logger LOG = Logger.getLogger(FeedPublisher.class);

    private final RedisDataSource redis;
    private final ObjectMapper json;

    public FeedPublisher(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public void publish(String tenant, String kind, Object data) {
        try {
            redis.pubsub(String.class).publish(FeedItem.CHANNEL,
                    json.writeValueAsString(new FeedItem(tenant, kind, json.valueToTree(data))));
        } catch (Exception e) {
            // A wallboard that misses it reads the lists on reconnect; the delivery itself is done.
            LOG.warnf("feed item for %s not published: %s", tenant, e.toString());
        }
    }
}
