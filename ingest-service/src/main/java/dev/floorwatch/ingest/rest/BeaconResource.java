package dev.floorwatch.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.CredentialTokens;
import dev.floorwatch.common.tenancy.TenantIds;
import dev.floorwatch.ingest.domain.BeaconPings;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.service.SourceIngest;
import dev.floorwatch.ingest.store.SourceStore;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/tenants/{t}/beacon}: presence pings from {@code /beacon.js} on the tenant's
 * pages. {@code navigator.sendBeacon} cannot set headers, so the public site key is in the body
 * and the browser's {@code Origin} must be one of the tenant's allowed origins (CORS answers name
 * only that origin). Bodies are JSON sent as {@code text/plain}, which needs no preflight.
 */
@Path("/v1/tenants/{tenant}/beacon")
public class BeaconResource {

    private static final int MAX_PING_BYTES = 4096;

    private final SourceStore store;
    private final SourceIngest sources;

    public BeaconResource(SourceStore store, SourceIngest sources) {
        this.store = store;
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> ping(@PathParam("tenant") String tenant, @HeaderParam("Origin") String origin, byte[] body) {
        if (body.length > MAX_PING_BYTES) {
            throw EventResource.tooLarge(MAX_PING_BYTES);
        }
        return allowed(tenant, origin).flatMap(settings -> {
            BeaconPings.Ping ping = BeaconPings.parse(JsonBodies.parse(body));
            if (!CredentialTokens.constantTimeEquals(ping.siteKey(), settings.siteKey())) {
                throw ProblemException.unauthorized("The site key is not this tenant's.");
            }
            return sources.beacon(tenant, ping);
        }).map(result -> Response.noContent().header("Access-Control-Allow-Origin", origin).header("Vary", "Origin").build());
    }

    /** Preflight for pages that post with {@code fetch} and a JSON content type. */
    @OPTIONS
    public Uni<Response> preflight(@PathParam("tenant") String tenant, @HeaderParam("Origin") String origin) {
        return allowed(tenant, origin).map(settings -> Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "Content-Type")
                .header("Access-Control-Max-Age", "86400")
                .header("Vary", "Origin").build());
    }

    private Uni<SourceSettings.Beacon> allowed(String tenant, String origin) {
        if (!TenantIds.isValid(tenant)) {
            return Uni.createFrom().failure(ProblemException.notFound("Tenant " + tenant + " has no beacon."));
        }
        return store.beacon(tenant).map(found -> {
            SourceSettings.Beacon settings = found.orElseThrow(() -> ProblemException.notFound(
                    "Tenant " + tenant + " has no beacon; its admin sets one with PUT /v1/tenants/" + tenant + "/sources/beacon."));
            if (origin == null || !settings.allowedOrigins().contains(origin.toLowerCase(java.util.Locale.ROOT))) {
                throw ProblemException.forbidden("Origin " + origin + " is not among this tenant's beacon origins.");
            }
            return settings;
        });
    }
}
