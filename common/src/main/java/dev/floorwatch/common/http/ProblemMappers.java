package dev.floorwatch.common.http;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns every failure of a REST call into an RFC 9457 problem document, including the
 * framework's own 404/405/415 and anything unexpected (logged, never leaked).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, RoutingContext context) {
        return toResponse(e, uri.getPath(), RequestIds.current(context));
    }

    /** The response for a problem raised outside a resource method (a request filter, say). */
    public static Response toResponse(ProblemException e, String path, String requestId) {
        Response.ResponseBuilder response = Response.status(e.problem().status())
                .type(Problem.MEDIA_TYPE)
                .entity(e.problem().at(path, requestId));
        e.headers().forEach(response::header);
        return response.build();
    }

    /**
     * Answers a problem from a Vert.x route handler, before any resource runs (a limit checked on
     * the headers alone), with the same document and headers as {@link #toResponse}.
     */
    public static void end(RoutingContext context, ProblemException e, ObjectMapper json) {
        HttpServerResponse response = context.response().setStatusCode(e.problem().status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        e.headers().forEach(response::putHeader);
        try {
            response.end(json.writeValueAsString(e.problem().at(context.request().path(), RequestIds.current(context))));
        } catch (JsonProcessingException failure) {
            context.fail(failure);
        }
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, RoutingContext context) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String slug = switch (status) {
            case 400 -> "malformed";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        Response.ResponseBuilder response = respond(Problem.of(status, slug, title, e.getMessage()), uri, context);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri, RoutingContext context) {
        if (isUnreachable(e)) {
            // Redis or Kafka is down: the client should retry, and nothing was half-written.
            LOG.warnf("backing store unreachable on %s: %s", uri.getPath(), e.toString());
            return toResponse(ProblemException.unavailable(
                    "A backing store (Redis or Kafka) is unreachable; nothing was changed. Retry later.",
                    Duration.ofSeconds(2)), uri.getPath(), RequestIds.current(context));
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(Problem.of(500, "internal", "Internal error",
                "The request failed on the server; quote the request id when reporting it."), uri, context).build();
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // A client pool with its wait queue full is an overloaded store: also "retry later", never a 500.
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
        }
        return false;
    }

    private static Response.ResponseBuilder respond(Problem problem, UriInfo uri, RoutingContext context) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.at(uri.getPath(), RequestIds.current(context)));
    }
}
