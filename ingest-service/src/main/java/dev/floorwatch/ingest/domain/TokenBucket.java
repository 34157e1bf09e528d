package dev.floorwatch.ingest.domain;

/**
 * A token bucket over a caller-supplied clock (nanoseconds), so it is tested without waiting.
 * A request larger than the whole bucket passes when the bucket is full and leaves it in debt,
 * so a batch is never refused forever just for being larger than the burst.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastRefill;

    public TokenBucket(double perSecond, double capacity, long nowNanos) {
        if (perSecond <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rate and capacity must be positive");
        }
        this.ratePerNano = perSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastRefill = nowNanos;
    }

    /**
     * Takes {@code n} tokens when it can and answers 0; otherwise takes nothing and answers how
     * many nanoseconds to wait before asking again.
     */
    public synchronized long tryTake(int n, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(n, capacity);
        if (tokens >= needed) {
            tokens -= n;
            return 0;
        }
        return (long) Math.ceil((needed - tokens) / ratePerNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastRefill = nowNanos;
        }
    }

    public boolean hasSettings(double perSecond, double capacity) {
        return Math.abs(this.ratePerNano - perSecond / 1e9) < 1e-15 && this.capacity == capacity;
    }
}
