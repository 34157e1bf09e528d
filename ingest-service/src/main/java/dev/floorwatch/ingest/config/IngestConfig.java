package dev.floorwatch.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingest API (API.md, "Ingest"). */
@ConfigMapping(prefix = "floorwatch.ingest")
public interface IngestConfig {

    /** Largest accepted request body in bytes; larger is 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Most events in one batch request. */
    @WithDefault("1000")
    int maxBatchSize();

    /**
     * Most ingest requests (POST) being handled at once by this replica; more are answered 503
     * with {@code Retry-After} at once. Without a bound, a client that opens a connection per
     * waiting request filled the 192 MiB heap with connections under overload (20,821 sockets
     * at 2,000 requests/s) and the collector stopped the service for seconds at a time.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * How long a request waits for Kafka to acknowledge its records before answering 503. Keep
     * it above {@code kafka.delivery.timeout.ms}: then a 503 means the producer itself gave up on
     * the records, so a client retry is never a silent duplicate of a late write.
     */
    @WithDefault("6s")
    Duration publishTimeout();

    /** How long an event id is remembered per tenant to drop duplicates. */
    @WithDefault("24h")
    Duration duplicateWindow();

    /** Accepted age of a signed request's timestamp, either way. */
    @WithDefault("300s")
    Duration signatureTolerance();

    /** Event times further in the future than this are clamped to the receive time (EVENTS.md). */
    @WithDefault("5m")
    Duration maxClockSkew();

    /** Polling Chatwoot's agents API for presence (docs/sources.md). */
    Chatwoot chatwoot();

    interface Chatwoot {
        /**
         * Hosts a tenant's Chatwoot API base URL may name (https): polling calls them with the
         * tenant's token, so a tenant cannot make ingest call internal addresses. Chatwoot Cloud by
         * default; an operator adds self-hosted installations.
         */
        @WithDefault("app.chatwoot.com")
        java.util.Set<String> apiHosts();

        /** Also allow {@code http://127.0.0.1}: for tests and the local demo only. */
        @WithDefault("false")
        boolean allowLoopbackHttp();

        /** How often each polling tenant's agents are read (one replica per tenant and round). */
        @WithDefault("30s")
        Duration pollInterval();
    }

    /** Default per-tenant rate limit; a tenant's own {@code rateLimit} overrides it. */
    RateLimit rateLimit();

    interface RateLimit {
        /** Sustained events per second per tenant, on each replica. */
        @WithDefault("20000")
        int eventsPerSecond();

        /** Events a tenant may send at once above the sustained rate. */
        @WithDefault("40000")
        int burst();
    }
}
