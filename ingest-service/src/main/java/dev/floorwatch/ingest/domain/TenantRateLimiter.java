package dev.floorwatch.ingest.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per tenant, counting events (not requests). Limits are per replica:
 * with N ingest replicas behind a balancer a tenant gets about N times the configured rate.
 */
public final class TenantRateLimiter {

    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public TenantRateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** 0 when the tenant may send {@code events} now, else the nanoseconds to wait. */
    public long acquire(String tenant, int events, int perSecond, int burst) {
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.compute(tenant, (id, existing) ->
                existing != null && existing.hasSettings(perSecond, burst) ? existing : new TokenBucket(perSecond, burst, now));
        return bucket.tryTake(events, now);
    }

    public void forget(String tenant) {
        buckets.remove(tenant);
    }
}
