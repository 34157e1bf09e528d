package dev.floorwatch.common.redis;

import java.util.List;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Many commands in one pipelined round trip, for the stores whose work spans many tenants each
 * second: one blocking round trip per tenant cost more than the commands themselves.
 */
public final class RedisBatches {

    private RedisBatches() {
    }

    /** Sent together on one connection (a pipeline, not a transaction); the answers in order, nothing sent for none. */
    public static List<Response> send(RedisDataSource redis, List<Request> requests) {
        return requests.isEmpty() ? List.of() : redis.getReactive().getRedis().batchAndAwait(requests);
    }
}
