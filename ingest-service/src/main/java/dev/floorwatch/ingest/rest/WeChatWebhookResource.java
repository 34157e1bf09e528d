package dev.floorwatch.ingest.rest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.common.tenancy.TenantIds;
import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.domain.WeChatCrypto;
import dev.floorwatch.ingest.domain.WeChatPush;
import dev.floorwatch.ingest.service.SourceIngest;
import dev.floorwatch.ingest.store.SourceStore;
import io.smallrye.mutiny.Uni;

/**
 * The WeChat Official Account server URL, {@code /v1/tenants/{t}/webhooks/wechat}: {@code GET}
 * answers the URL verification with {@code echostr}; {@code POST} takes pushes in plaintext,
 * compatible or safe (AES) mode and answers {@code success} — after Kafka has the events, well
 * inside WeChat's 5 s; when it cannot (503) WeChat retries the push, which is deduplicated.
 */
@Path("/v1/tenants/{tenant}/webhooks/wechat")
public class WeChatWebhookResource {

    private final SourceStore store;
    private final SourceIngest sources;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public WeChatWebhookResource(SourceStore store, SourceIngest sources, IngestConfig config) {
        this.store = store;
        this.sources = sources;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> verify(@PathParam("tenant") String tenant, @QueryParam("signature") String signature,
            @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
            @QueryParam("echostr") String echostr) {
        return settings(tenant).map(settings -> {
            checkSignature(settings, signature, timestamp, nonce);
            if (echostr == null) {
                throw ProblemException.badRequest("echostr is missing.");
            }
            return echostr;
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> push(@PathParam("tenant") String tenant, @QueryParam("signature") String signature,
            @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
            @QueryParam("encrypt_type") String encryptType, @QueryParam("msg_signature") String msgSignature,
            byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw EventResource.tooLarge(config.maxBodyBytes());
        }
        return settings(tenant).flatMap(settings -> {
            checkSignature(settings, signature, timestamp, nonce);
            WeChatPush push;
            try {
                push = open(settings, new String(body, StandardCharsets.UTF_8), timestamp, nonce, encryptType, msgSignature);
            } catch (WeChatCrypto.Rejected e) {
                throw ProblemException.badRequest("WeChat push rejected: " + e.getMessage() + ".");
            }
            return sources.weChat(tenant, push).map(result -> "success");
        });
    }

    private static WeChatPush open(SourceSettings.WeChat settings, String body, String timestamp, String nonce,
            String encryptType, String msgSignature) {
        WeChatPush outer = WeChatPush.parse(body);
        if (!"aes".equals(encryptType)) {
            return outer;
        }
        if (settings.encodingAesKey() == null) {
            throw new WeChatCrypto.Rejected("the push is encrypted but no EncodingAESKey is set for this tenant");
        }
        String encrypt = outer.get("Encrypt");
        if (encrypt == null || msgSignature == null
                || !WeChatCrypto.matches(WeChatCrypto.signature(settings.token(), timestamp, nonce, encrypt), msgSignature)) {
            throw new WeChatCrypto.Rejected("msg_signature does not match the encrypted push");
        }
        return WeChatPush.parse(new WeChatCrypto(settings.encodingAesKey(), settings.appId()).decrypt(encrypt));
    }

    private void checkSignature(SourceSettings.WeChat settings, String signature, String timestamp, String nonce) {
        if (signature == null || timestamp == null || nonce == null) {
            throw ProblemException.unauthorized("signature, timestamp and nonce are required.");
        }
        if (!WeChatCrypto.matches(WeChatCrypto.signature(settings.token(), timestamp, nonce), signature)) {
            throw ProblemException.unauthorized("The WeChat signature does not match this tenant's token.");
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw ProblemException.unauthorized("timestamp must be unix seconds.");
        }
        if (Math.abs(clock.instant().getEpochSecond() - sent) > config.signatureTolerance().toSeconds()) {
            throw ProblemException.unauthorized("The WeChat timestamp is outside the accepted window (a replay?).");
        }
    }

    private Uni<SourceSettings.WeChat> settings(String tenant) {
        if (!TenantIds.isValid(tenant)) {
            return Uni.createFrom().failure(notConnected(tenant));
        }
        return store.weChat(tenant).map(found -> found.orElseThrow(() -> notConnected(tenant)));
    }

    private static ProblemException notConnected(String tenant) {
        return ProblemException.notFound("Tenant " + tenant + " has no WeChat source; its admin connects one with "
                + "PUT /v1/tenants/" + tenant + "/sources/wechat.");
    }
}
