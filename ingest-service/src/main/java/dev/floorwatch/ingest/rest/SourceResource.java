package dev.floorwatch.ingest.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.CredentialTokens;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.domain.SourceSettings.Source;
import dev.floorwatch.ingest.store.SourceRejects;
import dev.floorwatch.ingest.store.SourceStore;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's real sources (docs/sources.md): {@code GET/PUT/DELETE /v1/tenants/{t}/sources[/{source}]}
 * by the tenant's admin or the operator, and {@code GET …/sources/rejects}: what the sources sent
 * that could not be used. Secrets are write-only.
 */
@Path("/v1/tenants/{tenant}/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    /** The beacon's public site key; it only works from the tenant's allowed origins. */
    public static final String SITE_KEY_PREFIX = "fwk_";

    private static final Logger LOG = Logger.getLogger(SourceResource.class);

    private final TenantAccess access;
    private final SourceStore store;
    private final SourceRejects rejects;
    private final SourceSettings.ApiPolicy apiPolicy;

    public SourceResource(TenantAccess access, SourceStore store, SourceRejects rejects, IngestConfig config) {
        this.access = access;
        this.store = store;
        this.rejects = rejects;
        this.apiPolicy = new SourceSettings.ApiPolicy(Set.copyOf(config.chatwoot().apiHosts()),
                config.chatwoot().allowLoopbackHttp());
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.OPERATOR, Access.ADMIN)
                .flatMap(caller -> store.views(tenant))
                .map(views -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("sources", views);
                    answer.put("endpoints", endpoints(tenant));
                    return answer;
                });
    }

    @PUT
    @Path("/{source}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> put(@PathParam("tenant") String tenant, @PathParam("source") String name,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        Source source = Source.of(name);
        return access.authorizeKnown(tenant, authorization, Access.OPERATOR, Access.ADMIN).flatMap(caller -> {
            JsonNode json = JsonBodies.parse(contentType, body);
            Uni<Object> settings = switch (source) {
                case CHATWOOT -> Uni.createFrom().item(SourceSettings.chatwoot(json, apiPolicy));
                case WECHAT -> Uni.createFrom().item(SourceSettings.weChat(json));
                case BEACON -> {
                    List<String> origins = SourceSettings.beaconOrigins(json);
                    // The site key stays across edits of the origins: it is pasted into pages.
                    yield store.beacon(tenant).map(existing -> new SourceSettings.Beacon(
                            existing.map(SourceSettings.Beacon::siteKey).orElseGet(() -> CredentialTokens.generate(SITE_KEY_PREFIX)),
                            origins));
                }
            };
            return settings.call(value -> store.put(tenant, source, value)).map(value -> {
                LOG.infof("source %s of tenant %s set by %s", source.wireName(), tenant, caller.describe());
                return SourceSettings.view(value);
            });
        });
    }

    @DELETE
    @Path("/{source}")
    public Uni<Response> delete(@PathParam("tenant") String tenant, @PathParam("source") String name,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Source source = Source.of(name);
        return access.authorizeKnown(tenant, authorization, Access.OPERATOR, Access.ADMIN)
                .flatMap(caller -> store.delete(tenant, source).map(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("Source " + name + " is not connected.");
                    }
                    LOG.infof("source %s of tenant %s removed by %s", name, tenant, caller.describe());
                    return Response.noContent().build();
                }));
    }

    @GET
    @Path("/rejects")
    public Uni<Map<String, Object>> rejects(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return access.authorizeKnown(tenant, authorization, Access.OPERATOR, Access.ADMIN, Access.VIEWER)
                .flatMap(caller -> rejects.recent(tenant))
                .map(recent -> Map.of("rejects", recent));
    }

    private static Map<String, String> endpoints(String tenant) {
        String base = "/v1/tenants/" + tenant;
        return Map.of("chatwoot", base + "/webhooks/chatwoot", "wechat", base + "/webhooks/wechat",
                "beacon", base + "/beacon", "beaconScript", "/beacon.js");
    }
}
