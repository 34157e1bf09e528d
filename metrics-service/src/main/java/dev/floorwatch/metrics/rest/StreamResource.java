package dev.floorwatch.metrics.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.http.ProblemMappers;
import dev.floorwatch.common.http.RequestIds;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.metrics.service.OverviewBroadcaster;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/tenants/{t}/stream}: Server-Sent Events named {@code overview}, the current one
 * first, then on every change (at most four a second) and at least once a second; {@code alert}
 * (an alert transition, ALERTS.md's event) and {@code notification} (an in-app notification) as
 * they happen. Browsers cannot
 * set headers on EventSource, so the viewer token may come as {@code access_token}. Credentials
 * are checked in a request filter, before the stream is opened, so a refusal is a real 401/403/404
 * problem document and not an empty 200 stream.
 */
@Path("/v1/tenants/{tenant}/stream")
public class StreamResource {

    private static final Pattern STREAM_PATH = Pattern.compile("/v1/tenants/([^/]+)/stream/?");

    private final TenantAccess access;
    private final OverviewBroadcaster broadcaster;

    public StreamResource(TenantAccess access, OverviewBroadcaster broadcaster) {
        this.access = access;
        this.broadcaster = broadcaster;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("tenant") String tenant, @Context Sse sse) {
        return broadcaster.watch(tenant).map(event -> {
            var builder = sse.newEventBuilder().name(event.name()).data(event.json());
            return (event.id() == null ? builder : builder.id(event.id())).build();
        });
    }

    @ServerRequestFilter
    public Uni<Response> authorizeStream(ContainerRequestContext request, RoutingContext routing) {
        Matcher path = STREAM_PATH.matcher(request.getUriInfo().getPath());
        if (!path.matches()) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = request.getUriInfo().getQueryParameters().getFirst("access_token");
        String credential = authorization != null ? authorization : token != null ? "Bearer " + token : null;
        return access.authorizeKnown(path.group(1), credential, Access.VIEWER)
                .map(caller -> (Response) null)
                .onFailure(ProblemException.class).recoverWithItem(e -> ProblemMappers.toResponse((ProblemException) e,
                        request.getUriInfo().getPath(), RequestIds.current(routing)));
    }
}
