package dev.floorwatch.ingest.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.http.Problem;
import dev.floorwatch.common.http.RequestIds;
import dev.floorwatch.ingest.config.IngestConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a declared body over the limit before reading it, with the same 413 problem document
 * the resource gives for bodies that turn out too large.
 */
@Singleton
public class BodyLimit {

    private final IngestConfig config;
    private final ObjectMapper json;

    public BodyLimit(IngestConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.maxBodyBytes()) {
                    Problem problem = EventResource.tooLarge(config.maxBodyBytes()).problem()
                            .at(context.request().path(), RequestIds.current(context));
                    context.response().setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(json.writeValueAsString(problem));
                    return;
                }
            } catch (NumberFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
                // A malformed Content-Length is Vert.x's to reject.
            }
        }
        context.next();
    }
}
