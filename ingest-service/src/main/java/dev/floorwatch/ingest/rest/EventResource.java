package dev.floorwatch.ingest.rest;

import java.time.Clock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.JsonBodies;
import dev.floorwatch.common.http.Problem;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.common.tenancy.TenantIds;
import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.RequestSignature;
import dev.floorwatch.ingest.service.IngestService;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/tenants/{t}/events}: one envelope or a batch, authorised by the ingest key or
 * an {@code X-Floorwatch-Signature}. Checks run cheapest first: size, credentials, media type,
 * JSON, validation, rate, then Kafka.
 */
@Path("/v1/tenants/{tenant}/events")
public class EventResource {

    static final String SIGNATURE_HEADER = "X-Floorwatch-Signature";

    private final IngestService ingest;
    private final TenantAccess access;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public EventResource(IngestService ingest, TenantAccess access, IngestConfig config) {
        this.ingest = ingest;
        this.access = access;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> post(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(SIGNATURE_HEADER) String signature,
            byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            ingest.rejected("too-large", 1);
            throw tooLarge(config.maxBodyBytes());
        }
        return authenticate(tenant, authorization, signature, body)
                .onFailure().invoke(e -> ingest.rejected("unauthorized", 1))
                .flatMap(ignored -> ingest.ingest(tenant, parse(contentType, body)))
                .map(result -> Response.accepted(result).build());
    }

    private Uni<?> authenticate(String tenant, String authorization, String signature, byte[] body) {
        if (authorization == null && signature != null) {
            if (!TenantIds.isValid(tenant)) {
                return Uni.createFrom().failure(ProblemException.unauthorized("Unknown tenant."));
            }
            return access.signingSecrets(tenant).invoke(secrets -> {
                RequestSignature.Verdict verdict = RequestSignature.verify(signature, body, secrets, clock.instant(),
                        config.signatureTolerance());
                if (verdict != RequestSignature.Verdict.VALID) {
                    throw ProblemException.unauthorized("Signature rejected: " + verdict.reason() + ".");
                }
            });
        }
        return access.authorize(tenant, authorization, Access.INGEST);
    }

    private JsonNode parse(String contentType, byte[] body) {
        try {
            return JsonBodies.parse(contentType, body);
        } catch (ProblemException e) {
            ingest.rejected(e.problem().status() == 415 ? "media-type" : "malformed", 1);
            throw e;
        }
    }

    static ProblemException tooLarge(int limit) {
        return new ProblemException(Problem.of(413, "too-large", "Content Too Large",
                "The body is larger than " + limit + " bytes; send fewer events per request."));
    }
}
