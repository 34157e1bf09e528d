package dev.floorwatch.ingest.domain;

import static dev.floorwatch.ingest.domain.BodyFields.text;
import static dev.floorwatch.ingest.domain.BodyFields.unknownFields;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.CredentialKind;
import dev.floorwatch.common.tenancy.Tenant;
import dev.floorwatch.common.tenancy.TenantIds;

/** Validation of the operator API's request bodies; every error is reported at once as a 422. */
public final class TenantRequests {

    /** Chinese service floors are the first users; a tenant elsewhere names its own zone. */
    public static final String DEFAULT_TIMEZONE = dev.floorwatch.common.tenancy.TenantAccess.DEFAULT_TIMEZONE;
    private static final Duration MAX_GRACE = Duration.ofDays(30);

    public record NewTenant(String id, String name, String timezone, Tenant.IngestRateLimit rateLimit) {
    }

    public record Rotation(Set<CredentialKind> kinds, Duration grace) {
    }

    private TenantRequests() {
    }

    public static NewTenant newTenant(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be an object {id, name, timezone?, rateLimit?}")));
        }
        unknownFields(body, Set.of("id", "name", "timezone", "rateLimit"), errors, "");
        String id = text(body, "id", true, errors);
        if (id != null && !TenantIds.isValid(id)) {
            errors.add(FieldError.of("id", "must match " + TenantIds.PATTERN));
        }
        String name = text(body, "name", true, errors);
        if (name != null && (name.isBlank() || name.length() > 200)) {
            errors.add(FieldError.of("name", "must be 1 to 200 characters"));
        }
        String timezone = text(body, "timezone", false, errors);
        if (timezone == null) {
            timezone = DEFAULT_TIMEZONE;
        } else if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
            errors.add(FieldError.of("timezone", "must be an IANA time zone such as Asia/Shanghai"));
        }
        Tenant.IngestRateLimit rateLimit = null;
        JsonNode rate = body.get("rateLimit");
        if (rate != null && !rate.isNull()) {
            if (!rate.isObject()) {
                errors.add(FieldError.of("rateLimit", "must be an object {eventsPerSecond, burst}"));
            } else {
                unknownFields(rate, Set.of("eventsPerSecond", "burst"), errors, "rateLimit.");
                int perSecond = positive(rate, "eventsPerSecond", 1_000_000, errors);
                int burst = positive(rate, "burst", 10_000_000, errors);
                rateLimit = new Tenant.IngestRateLimit(perSecond, burst);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new NewTenant(id, name, timezone, rateLimit);
    }

    /** An empty body rotates every credential with the installation's grace period. */
    public static Rotation rotation(JsonNode body, Duration defaultGrace) {
        if (body == null) {
            return new Rotation(EnumSet.allOf(CredentialKind.class), defaultGrace);
        }
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be an object {credentials?, graceSeconds?}")));
        }
        unknownFields(body, Set.of("credentials", "graceSeconds"), errors, "");
        Set<CredentialKind> kinds = EnumSet.allOf(CredentialKind.class);
        JsonNode list = body.get("credentials");
        if (list != null && !list.isNull()) {
            kinds = EnumSet.noneOf(CredentialKind.class);
            if (!list.isArray() || list.isEmpty()) {
                errors.add(FieldError.of("credentials", "must be a non-empty array of credential names"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Optional<CredentialKind> kind = list.get(i).isTextual()
                            ? CredentialKind.fromJsonName(list.get(i).textValue())
                            : Optional.empty();
                    if (kind.isPresent()) {
                        kinds.add(kind.get());
                    } else {
                        errors.add(FieldError.of("credentials[" + i + "]", "must be one of "
                                + String.join(", ", Arrays.stream(CredentialKind.values()).map(CredentialKind::jsonName).toList())));
                    }
                }
            }
        }
        Duration grace = defaultGrace;
        JsonNode seconds = body.get("graceSeconds");
        if (seconds != null && !seconds.isNull()) {
            if (!seconds.isIntegralNumber() || seconds.asLong() < 0 || seconds.asLong() > MAX_GRACE.toSeconds()) {
                errors.add(FieldError.of("graceSeconds", "must be an integer from 0 (revoke at once) to " + MAX_GRACE.toSeconds()));
            } else {
                grace = Duration.ofSeconds(seconds.asLong());
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Rotation(kinds, grace);
    }

    private static int positive(JsonNode node, String field, int max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
            errors.add(FieldError.of("rateLimit." + field, "must be an integer from 1 to " + max));
            return 1;
        }
        return value.asInt();
    }
}
