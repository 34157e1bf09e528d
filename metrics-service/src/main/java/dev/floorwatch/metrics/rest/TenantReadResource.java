package dev.floorwatch.metrics.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.Caller;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.AgentRow;
import dev.floorwatch.metrics.domain.ConversationRow;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.SavedSnapshot;
import dev.floorwatch.metrics.domain.TrendPoint;
import dev.floorwatch.metrics.service.ReadModelService;
import dev.floorwatch.metrics.store.SnapshotStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The read API of API.md ("Read"): viewer or admin token of the tenant; saving a snapshot needs admin. */
@Path("/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class TenantReadResource {

    private static final Set<String> STATES = Set.of("started", "queued", "assigned");
    private static final Set<String> SORTS = Set.of("wait", "started");

    private final TenantAccess access;
    private final ReadModelService reads;
    private final SnapshotStore snapshots;
    private final MetricsConfig config;

    public TenantReadResource(TenantAccess access, ReadModelService reads, SnapshotStore snapshots, MetricsConfig config) {
        this.access = access;
        this.reads = reads;
        this.snapshots = snapshots;
        this.config = config;
    }

    public record TrendsAnswer(String tenant, int minutes, List<TrendPoint> points) {
    }

    public record ConversationsAnswer(String tenant, String at, List<ConversationRow> conversations) {
    }

    public record AgentsAnswer(String tenant, String at, List<AgentRow> agents) {
    }

    public record SnapshotsAnswer(String tenant, List<SavedSnapshot> snapshots) {
    }

    @GET
    @Path("/overview")
    public Uni<Overview> overview(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return reading(tenant, authorization, Access.VIEWER).map(c -> reads.overview(tenant, System.currentTimeMillis()));
    }

    @GET
    @Path("/trends")
    public Uni<TrendsAnswer> trends(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("minutes") String minutes) {
        int window = integer("minutes", minutes, 60, 1, 1440);
        return reading(tenant, authorization, Access.VIEWER)
                .map(c -> new TrendsAnswer(tenant, window, reads.trends(tenant, window, System.currentTimeMillis())));
    }

    @GET
    @Path("/conversations")
    public Uni<ConversationsAnswer> conversations(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("state") String state,
            @QueryParam("channel") String channel, @QueryParam("skillGroup") String skillGroup,
            @QueryParam("risk") String risk, @QueryParam("sort") String sort, @QueryParam("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        if (state != null && !STATES.contains(state)) {
            errors.add(FieldError.of("state", "must be one of queued, assigned, started"));
        }
        if (sort != null && !SORTS.contains(sort)) {
            errors.add(FieldError.of("sort", "must be wait or started"));
        }
        if (risk != null && !risk.equals("true") && !risk.equals("false")) {
            errors.add(FieldError.of("risk", "must be true or false"));
        }
        int max = 0;
        try {
            max = integer("limit", limit, 100, 1, 1000);
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var query = new ReadModelService.ConversationQuery(state, blankToNull(channel), blankToNull(skillGroup),
                risk == null ? null : Boolean.valueOf(risk), sort == null ? "wait" : sort, max);
        return reading(tenant, authorization, Access.VIEWER).map(c -> {
            long now = System.currentTimeMillis();
            return new ConversationsAnswer(tenant, Instant.ofEpochMilli(now).toString(), reads.conversations(tenant, query, now));
        });
    }

    @GET
    @Path("/agents")
    public Uni<AgentsAnswer> agents(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return reading(tenant, authorization, Access.VIEWER).map(c -> {
            long now = System.currentTimeMillis();
            return new AgentsAnswer(tenant, Instant.ofEpochMilli(now).toString(), reads.agents(tenant, now));
        });
    }

    /** Saves the current overview for review; body optional: {@code {"label": "…"}}. */
    @POST
    @Path("/snapshots")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> save(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        String label = body.length == 0 ? null : label(JsonBodies.parse(contentType, body));
        return reading(tenant, authorization, Access.ADMIN).map(caller -> {
            long now = System.currentTimeMillis();
            SavedSnapshot snapshot = new SavedSnapshot(snapshotId(now), Instant.ofEpochMilli(now).toString(), label,
                    savedBy(caller), reads.overview(tenant, now));
            snapshots.save(tenant, snapshot, now, config.snapshotRetention());
            return Response.status(201).entity(snapshot).build();
        });
    }

    @GET
    @Path("/snapshots")
    public Uni<SnapshotsAnswer> snapshots(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("limit") String limit) {
        int max = integer("limit", limit, 100, 1, 1000);
        return reading(tenant, authorization, Access.VIEWER).map(c -> new SnapshotsAnswer(tenant, snapshots.list(tenant, max)));
    }

    @GET
    @Path("/snapshots/{id}")
    public Uni<SavedSnapshot> snapshot(@PathParam("tenant") String tenant, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return reading(tenant, authorization, Access.VIEWER).map(c -> snapshots.find(tenant, id)
                .orElseThrow(() -> ProblemException.notFound("No snapshot " + id + ".")));
    }

    /** Authorizes, then continues on a worker thread: the read models use blocking Redis calls. */
    private Uni<Caller> reading(String tenant, String authorization, Access access) {
        return this.access.authorizeKnown(tenant, authorization, access).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    static String snapshotId(long now) {
        return Instant.ofEpochMilli(now).toString().replace(":", "").replace("-", "").replace(".", "")
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String savedBy(Caller caller) {
        return caller.role() == null ? "operator" : caller.role().name().toLowerCase();
    }

    private static String label(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be an object {\"label\"?}")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("label")) {
                errors.add(FieldError.of(name, "unknown field"));
            }
        });
        JsonNode label = body.get("label");
        if (label != null && !label.isNull() && (!label.isTextual() || label.textValue().length() > 200)) {
            errors.add(FieldError.of("label", "must be a string of at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return label == null || label.isNull() ? null : label.textValue();
    }

    static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid(List.of(FieldError.of(name, "must be an integer from " + min + " to " + max)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
