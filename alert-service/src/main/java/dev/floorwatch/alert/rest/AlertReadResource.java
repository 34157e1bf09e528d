package dev.floorwatch.alert.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.alert.store.OpenAlert;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Reads of API.md "Alerts": the tenant's rules, open alerts and recent transitions (viewer or admin). */
@Path("/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class AlertReadResource {

    private final TenantAccess access;
    private final RuleStore rules;
    private final AlertStore alerts;

    public AlertReadResource(TenantAccess access, RuleStore rules, AlertStore alerts) {
        this.access = access;
        this.rules = rules;
        this.alerts = alerts;
    }

    public record RulesAnswer(String tenant, List<JsonNode> rules) {
    }

    /** {@code open}: threshold and burst alerts; {@code openRisk}: per-conversation risk alerts (their firing events). */
    public record AlertsAnswer(String tenant, List<OpenAlert> open, List<AlertEvent> openRisk, List<AlertEvent> transitions) {
    }

    @GET
    @Path("/rules")
    public Uni<RulesAnswer> rules(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.VIEWER)
                .flatMap(caller -> access.tenant(tenant))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(t -> new RulesAnswer(tenant, rules.rules(tenant, t.orElseThrow().timezone()).stream()
                        .map(p -> (JsonNode) p.json()).toList()));
    }

    /** Open alerts ({@code state=firing} keeps only firing ones) and transitions since {@code since} (default 24 h). */
    @GET
    @Path("/alerts")
    public Uni<AlertsAnswer> alerts(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("state") String state, @QueryParam("since") String since) {
        if (state != null && !state.equals("firing") && !state.equals("resolved")) {
            throw ProblemException.invalid(List.of(FieldError.of("state", "must be firing or resolved")));
        }
        Instant from;
        try {
            from = since == null ? Instant.now().minusSeconds(86_400) : Instant.parse(since);
        } catch (RuntimeException e) {
            throw ProblemException.invalid(List.of(FieldError.of("since", "must be an RFC 3339 time such as 2026-11-26T10:00:00Z")));
        }
        return access.authorizeKnown(tenant, authorization, Access.VIEWER)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(caller -> {
                    List<OpenAlert> open = "resolved".equals(state) ? List.of()
                            : alerts.openAcknowledged(tenant).values().stream().filter(a -> !"firing".equals(state) || a.firing())
                                    .sorted(java.util.Comparator.comparing(OpenAlert::key)).toList();
                    List<AlertEvent> openRisk = "resolved".equals(state) ? List.of()
                            : alerts.openRisk(tenant).stream().sorted(java.util.Comparator.comparing(AlertEvent::key)).toList();
                    List<AlertEvent> transitions = alerts.history(tenant, from.toEpochMilli(), 500).stream()
                            .filter(e -> state == null || state.equals(e.state())).toList();
                    return new AlertsAnswer(tenant, open, openRisk, transitions);
                });
    }

    /** Acknowledges an open alert ({@code {"by": "…", "note": "…"}}, admin): reminders stop until it resolves. */
    @POST
    @Path("/alerts/{key}/ack")
    @Consumes(MediaType.WILDCARD)
    public Uni<AlertEvent> acknowledge(@PathParam("tenant") String tenant, @PathParam("key") String key,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        JsonNode json = JsonBodies.parse(type, body);
        List<FieldError> errors = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (!name.equals("by") && !name.equals("note")) {
                errors.add(FieldError.of(name, "unknown field"));
            }
        });
        JsonNode by = json.get("by");
        if (by == null || !by.isTextual() || by.textValue().isBlank() || by.textValue().length() > 100) {
            errors.add(FieldError.of("by", "is required: who acknowledges, 1 to 100 characters"));
        }
        JsonNode note = json.get("note");
        if (note != null && !note.isNull() && (!note.isTextual() || note.textValue().length() > 1000)) {
            errors.add(FieldError.of("note", "must be a string of at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return access.authorizeKnown(tenant, authorization, Access.ADMIN)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(caller -> alerts.acknowledge(tenant, key, by.textValue(), note == null || note.isNull() ? null : note.textValue(),
                        Instant.now()).orElseThrow(() -> ProblemException.notFound("No firing alert " + key + ".")));
    }
}
