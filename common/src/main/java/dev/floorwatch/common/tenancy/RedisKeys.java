package dev.floorwatch.common.tenancy;

/**
 * The Redis key layout shared by every service (docs/architecture.md). A tenant's keys all
 * start with {@code fw:{tenant}:}: the braces are a Redis Cluster hash tag, so one tenant's
 * keys share a slot and multi-key scripts work; deleting a tenant is one prefix.
 */
public final class RedisKeys {

    /** SET of all tenant ids (operator listing). */
    public static final String TENANTS = "fw:tenants";
    /** ZSET tenant → last applied event (metrics-service ticks these); a deleted tenant leaves it first. */
    public static final String LIVE_TENANTS = "fw:m:live";

    private RedisKeys() {
    }

    /** Prefix of every key of one tenant. */
    public static String tenantPrefix(String tenant) {
        return "fw:{" + tenant + "}:";
    }

    /** HASH: the tenant's record, credential hashes and signing secrets. */
    public static String tenant(String tenant) {
        return tenantPrefix(tenant) + "tenant";
    }

    /** STRING {@code tenant:ROLE}: a bearer credential, found by the SHA-256 of the token. */
    public static String credential(String tokenHash) {
        return "fw:cred:" + tokenHash;
    }
}
