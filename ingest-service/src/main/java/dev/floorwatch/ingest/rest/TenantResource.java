package dev.floorwatch.ingest.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

import org.jboss.logging.Logger;

import dev.floorwatch.common.config.TenancyConfig;
import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.IssuedCredentials;
import dev.floorwatch.common.tenancy.Tenant;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.common.tenancy.TenantRegistry;
import dev.floorwatch.ingest.domain.TenantRequests;
import io.smallrye.mutiny.Uni;

/** The operator's tenant API of API.md, "Tenants and credentials". */
@Path("/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    private static final Logger LOG = Logger.getLogger(TenantResource.class);

    private final TenantRegistry registry;
    private final TenantAccess access;
    private final TenancyConfig config;

    public TenantResource(TenantRegistry registry, TenantAccess access, TenancyConfig config) {
        this.registry = registry;
        this.access = access;
        this.config = config;
    }

    /** Creates a tenant; the answer is the only time its credentials are shown. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        return access.authorize(null, authorization, Access.OPERATOR).flatMap(caller -> {
            TenantRequests.NewTenant request = TenantRequests.newTenant(JsonBodies.parse(contentType, body));
            return registry.create(request.id(), request.name(), request.timezone(), request.rateLimit())
                    .map(created -> {
                        IssuedCredentials credentials = created.orElseThrow(() -> ProblemException.conflict(
                                "Tenant " + request.id() + " already exists."));
                        LOG.infof("tenant %s created by %s", request.id(), caller.describe());
                        return Response.created(URI.create("/v1/tenants/" + request.id())).entity(credentials).build();
                    });
        });
    }

    @GET
    public Uni<Map<String, List<String>>> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorize(null, authorization, Access.OPERATOR)
                .flatMap(caller -> registry.ids())
                .map(ids -> Map.of("tenants", ids));
    }

    @GET
    @Path("/{tenant}")
    public Uni<Tenant> get(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorize(tenant, authorization, Access.OPERATOR, Access.ADMIN)
                .flatMap(caller -> registry.find(tenant))
                .map(found -> found.orElseThrow(() -> noSuchTenant(tenant)));
    }

    /**
     * Issues new credentials (all, or those named in {@code credentials}); the previous ones keep
     * working for {@code graceSeconds} (default {@code floorwatch.tenancy.rotation-grace}; 0 revokes).
     */
    @POST
    @Path("/{tenant}/credentials/rotate")
    @Consumes(MediaType.WILDCARD)
    public Uni<IssuedCredentials> rotate(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        return access.authorize(tenant, authorization, Access.OPERATOR, Access.ADMIN).flatMap(caller -> {
            TenantRequests.Rotation rotation = TenantRequests.rotation(
                    body.length == 0 ? null : JsonBodies.parse(contentType, body), config.rotationGrace());
            return registry.rotate(tenant, rotation.kinds(), rotation.grace()).map(rotated -> {
                access.forget(tenant);
                LOG.infof("credentials %s of tenant %s rotated by %s (grace %s)", rotation.kinds(), tenant,
                        caller.describe(), rotation.grace());
                return rotated.orElseThrow(() -> noSuchTenant(tenant));
            });
        });
    }

    @DELETE
    @Path("/{tenant}")
    public Uni<Response> delete(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorize(tenant, authorization, Access.OPERATOR)
                .flatMap(caller -> registry.delete(tenant).map(deleted -> {
                    if (!deleted) {
                        throw noSuchTenant(tenant);
                    }
                    access.forget(tenant);
                    LOG.infof("tenant %s deleted by %s", tenant, caller.describe());
                    return Response.noContent().build();
                }));
    }

    private static ProblemException noSuchTenant(String tenant) {
        return ProblemException.notFound("No tenant " + tenant + ".");
    }
}
