package dev.floorwatch.ingest.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.http.ProblemMappers;
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
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    ProblemMappers.end(context, EventResource.tooLarge(config.maxBodyBytes()), json);
                    return;
                }
            } catch (NumberFormatException e) {
                // A malformed Content-Length is Vert.x's to reject.
            }
        }
        context.next();
    }
}
