package dev.floorwatch.alert.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.alert.domain.Silence;
import dev.floorwatch.alert.store.SilenceStore;
import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Silences of API.md "Alerts": {@code {"matchers": {"ruleId"?, "severity"?, "channel"?, "skillGroup"?},
 * "startsAt"?, "endsAt", "createdBy", "comment"?}}. Silenced alerts are tracked and visible, with
 * {@code silencedBy}, but not notified.
 */
@Path("/v1/tenants/{tenant}/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    private static final Set<String> MATCHERS = Set.of("ruleId", "severity", "channel", "skillGroup");
    private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "createdBy", "comment");

    private final TenantAccess access;
    private final SilenceStore silences;

    public SilenceResource(TenantAccess access, SilenceStore silences) {
        this.access = access;
        this.silences = silences;
    }

    public record SilencesAnswer(String tenant, List<Silence> silences) {
    }

    @GET
    public Uni<SilencesAnswer> list(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.VIEWER)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(c -> new SilencesAnswer(tenant, silences.current(tenant, Instant.now())));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
        Silence silence = parse(JsonBodies.parse(type, body), Instant.now());
        return access.authorizeKnown(tenant, authorization, Access.ADMIN)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(c -> {
                    silences.save(tenant, silence);
                    return Response.created(URI.create("/v1/tenants/" + tenant + "/silences/" + silence.id())).entity(silence).build();
                });
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.ADMIN)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(c -> {
                    if (!silences.delete(tenant, id)) {
                        throw ProblemException.notFound("No silence " + id + ".");
                    }
                    return Response.noContent().build();
                });
    }

    static Silence parse(JsonNode body, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be a silence object")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(FieldError.of(name, "unknown field"));
            }
        });
        Map<String, String> matchers = new LinkedHashMap<>();
        JsonNode m = body.get("matchers");
        if (m == null || !m.isObject() || m.isEmpty()) {
            errors.add(FieldError.of("matchers", "must be an object with at least one of ruleId, severity, channel, skillGroup"));
        } else {
            m.fields().forEachRemaining(field -> {
                if (!MATCHERS.contains(field.getKey())) {
                    errors.add(FieldError.of("matchers." + field.getKey(), "unknown matcher; use ruleId, severity, channel or skillGroup"));
                } else if (!field.getValue().isTextual() || field.getValue().textValue().isBlank()) {
                    errors.add(FieldError.of("matchers." + field.getKey(), "must be a non-empty string"));
                } else {
                    matchers.put(field.getKey(), field.getValue().textValue());
                }
            });
        }
        Instant startsAt = time(body, "startsAt", now, errors);
        Instant endsAt = time(body, "endsAt", null, errors);
        if (endsAt == null && !errors.stream().anyMatch(e -> e.field().equals("endsAt"))) {
            errors.add(FieldError.of("endsAt", "is required"));
        } else if (endsAt != null && startsAt != null && !endsAt.isAfter(startsAt)) {
            errors.add(FieldError.of("endsAt", "must be after startsAt"));
        }
        JsonNode by = body.get("createdBy");
        if (by == null || !by.isTextual() || by.textValue().isBlank() || by.textValue().length() > 100) {
            errors.add(FieldError.of("createdBy", "is required: who silences, 1 to 100 characters"));
        }
        JsonNode comment = body.get("comment");
        if (comment != null && !comment.isNull() && (!comment.isTextual() || comment.textValue().length() > 1000)) {
            errors.add(FieldError.of("comment", "must be a string of at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Silence(UUID.randomUUID().toString(), matchers, startsAt, endsAt, by.textValue(),
                comment == null || comment.isNull() ? null : comment.textValue());
    }

    private static Instant time(JsonNode body, String field, Instant fallback, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            errors.add(FieldError.of(field, "must be an RFC 3339 time such as 2026-11-26T10:00:00Z"));
            return null;
        }
    }
}
