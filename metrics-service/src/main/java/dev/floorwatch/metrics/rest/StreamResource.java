package dev.floorwatch.metrics.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.service.OverviewBroadcaster;
import io.smallrye.mutiny.Multi;

/**
 * {@code GET /v1/tenants/{t}/stream}: Server-Sent Events named {@code overview}, the current one
 * first, then on every change (at most one a second) and at least once a second. Browsers cannot
 * set headers on EventSource, so the viewer token may come as {@code access_token}.
 */
@Path("/v1/tenants/{tenant}/stream")
public class StreamResource {

    private final TenantAccess access;
    private final OverviewBroadcaster broadcaster;

    public StreamResource(TenantAccess access, OverviewBroadcaster broadcaster) {
        this.access = access;
        this.broadcaster = broadcaster;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("access_token") String accessToken,
            @Context Sse sse) {
        String credential = authorization != null ? authorization : accessToken != null ? "Bearer " + accessToken : null;
        return access.authorizeKnown(tenant, credential, Access.VIEWER)
                .onItem().transformToMulti(caller -> broadcaster.watch(tenant))
                .map(overview -> sse.newEventBuilder()
                        .name("overview")
                        .id(overview.at())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(Overview.class, overview)
                        .build());
    }
}
