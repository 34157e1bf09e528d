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
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.Access;
import dev.floorwatch.common.tenancy.TenantAccess;
import dev.floorwatch.common.tenancy.TenantIds;
import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.ChatwootSignature;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.service.SourceIngest;
import dev.floorwatch.ingest.store.SourceStore;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/tenants/{t}/webhooks/chatwoot}: a Chatwoot account or API-inbox webhook. With the
 * tenant's webhook secret set, Chatwoot's own signature is required; without it, the ingest key
 * (a relay in front of an older Chatwoot adds it). Any payload that passes is answered 202 — also
 * ones that cannot be used (recorded as rejects) — so Chatwoot keeps delivering; 429 and 503 ask
 * it to retry.
 */
@Path("/v1/tenants/{tenant}/webhooks/chatwoot")
public class ChatwootWebhookResource {

    private final SourceStore store;
    private final SourceIngest sources;
    private final TenantAccess access;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public ChatwootWebhookResource(SourceStore store, SourceIngest sources, TenantAccess access, IngestConfig config) {
        this.store = store;
        this.sources = sources;
        this.access = access;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> post(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-Chatwoot-Timestamp") String timestamp,
            @HeaderParam("X-Chatwoot-Signature") String signature,
            byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw EventResource.tooLarge(config.maxBodyBytes());
        }
        if (!TenantIds.isValid(tenant)) {
            throw notConnected(tenant);
        }
        return store.chatwoot(tenant).flatMap(found -> {
            SourceSettings.Chatwoot settings = found.orElseThrow(() -> notConnected(tenant));
            Uni<?> authorized;
            if (settings.webhookSecret() != null) {
                ChatwootSignature.Verdict verdict = ChatwootSignature.verify(timestamp, signature, body,
                        settings.webhookSecret(), clock.instant(), config.signatureTolerance());
                if (verdict != ChatwootSignature.Verdict.VALID) {
                    throw ProblemException.unauthorized("Chatwoot signature rejected: " + verdict.reason() + ".");
                }
                authorized = Uni.createFrom().voidItem();
            } else {
                authorized = access.authorize(tenant, authorization, Access.INGEST);
            }
            return authorized.flatMap(ignored -> {
                JsonNode payload = JsonBodies.parse(contentType, body);
                return sources.chatwoot(tenant, settings.accountId(), payload);
            });
        }).map(result -> Response.accepted(result).build());
    }

    private static ProblemException notConnected(String tenant) {
        return ProblemException.notFound("Tenant " + tenant + " has no Chatwoot source; its admin connects one with "
                + "PUT /v1/tenants/" + tenant + "/sources/chatwoot.");
    }
}
