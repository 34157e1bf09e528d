package dev.floorwatch.alert.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.Tenant;
import dev.floorwatch.common.tenancy.TenantAccess;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Writing a tenant's rules (API.md "Alerts"): admin token; every rule validated, 422 naming each field. */
@Path("/v1/tenants/{tenant}/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RuleResource {

    private final TenantAccess access;
    private final RuleStore rules;

    public RuleResource(TenantAccess access, RuleStore rules) {
        this.access = access;
        this.rules = rules;
    }

    /** Replaces all rules: a JSON array of rules, or {@code {"rules": [...]}} as GET answers. */
    @PUT
    public Uni<AlertReadResource.RulesAnswer> replaceAll(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return admin(tenant, authorization).map(t -> {
            JsonNode json = JsonBodies.parse(type, body);
            JsonNode list = json.isArray() ? json : json.get("rules");
            if (list == null || !list.isArray()) {
                throw ProblemException.invalid(List.of(FieldError.of("rules", "must be an array of rules")));
            }
            List<RuleParser.Parsed> parsed = new ArrayList<>();
            List<FieldError> errors = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                RuleParser.Outcome outcome = RuleParser.parse(list.get(i), i);
                errors.addAll(outcome.errors());
                if (outcome.valid()) {
                    if (!ids.add(outcome.parsed().rule().id())) {
                        errors.add(new FieldError(i, "id", "is used by another rule of the list"));
                    }
                    parsed.add(outcome.parsed());
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            rules.replaceAll(tenant, parsed);
            return new AlertReadResource.RulesAnswer(tenant, parsed.stream().map(p -> (JsonNode) p.json()).toList());
        });
    }

    @POST
    public Uni<Response> add(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
        return admin(tenant, authorization).map(t -> {
            RuleParser.Parsed rule = valid(JsonBodies.parse(type, body));
            boolean exists = rules.rules(tenant, t.timezone()).stream().anyMatch(r -> r.rule().id().equals(rule.rule().id()));
            if (exists) {
                throw ProblemException.conflict("Rule " + rule.rule().id() + " exists; PUT /rules/" + rule.rule().id() + " replaces it.");
            }
            rules.put(tenant, rule, t.timezone());
            return Response.created(URI.create("/v1/tenants/" + tenant + "/rules/" + rule.rule().id())).entity(rule.json()).build();
        });
    }

    @GET
    @Path("/{id}")
    public Uni<JsonNode> get(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return tenantFor(tenant, authorization, Access.VIEWER).map(t -> rules.rules(tenant, t.timezone()).stream()
                .filter(r -> r.rule().id().equals(id)).findFirst()
                .map(r -> (JsonNode) r.json())
                .orElseThrow(() -> ProblemException.notFound("No rule " + id + ".")));
    }

    @PUT
    @Path("/{id}")
    public Uni<JsonNode> put(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) {
        return admin(tenant, authorization).map(t -> {
            RuleParser.Parsed rule = valid(JsonBodies.parse(type, body));
            if (!rule.rule().id().equals(id)) {
                throw ProblemException.invalid(List.of(FieldError.of("id", "must be \"" + id + "\", the id in the path")));
            }
            rules.put(tenant, rule, t.timezone());
            return rule.json();
        });
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return admin(tenant, authorization).map(t -> {
            if (!rules.delete(tenant, id, t.timezone())) {
                throw ProblemException.notFound("No rule " + id + ".");
            }
            return Response.noContent().build();
        });
    }

    private static RuleParser.Parsed valid(JsonNode json) {
        RuleParser.Outcome outcome = RuleParser.parse(json, null);
        if (!outcome.valid()) {
            throw ProblemException.invalid(outcome.errors());
        }
        return outcome.parsed();
    }

    private Uni<Tenant> admin(String tenant, String authorization) {
        return tenantFor(tenant, authorization, Access.ADMIN);
    }

    private Uni<Tenant> tenantFor(String tenant, String authorization, Access needed) {
        return access.authorizeKnown(tenant, authorization, needed)
                .flatMap(caller -> access.tenant(tenant))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(t -> t.orElseThrow(() -> ProblemException.notFound("No tenant " + tenant + ".")));
    }
}
