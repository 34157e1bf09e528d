package dev.floorwatch.common.tenancy;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant as the API shows it: no secret, only when each credential was issued and until when
 * its predecessor still works.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tenant(String id, String name, String timezone, Instant createdAt, IngestRateLimit rateLimit,
        Map<String, CredentialState> credentials) {

    /** Per-tenant ingest limit; {@code null} means the installation default. */
    public record IngestRateLimit(int eventsPerSecond, int burst) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialState(Instant issuedAt, Instant previousValidUntil) {
    }
}
