package dev.floorwatch.ingest.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.floorwatch.common.http.Problem;
import dev.floorwatch.common.http.ProblemException;
import dev.floorwatch.ingest.domain.BeaconPings;
import dev.floorwatch.ingest.domain.ChatwootEvents;
import dev.floorwatch.ingest.domain.TokenBucket;
import dev.floorwatch.ingest.domain.WeChatEvents;
import dev.floorwatch.ingest.domain.WeChatPush;
import dev.floorwatch.ingest.store.ChatwootConversations;
import dev.floorwatch.ingest.store.SourceRejects;
import dev.floorwatch.ingest.store.WeChatSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Turning what the real sources send into envelopes and handing them to {@link IngestService}
 * (validation, duplicates, rate, Kafka) — the same door as the JSON API. What a source sent that
 * cannot be used is acknowledged and recorded ({@link SourceRejects}, metric
 * {@code floorwatch.ingest.source.rejected}), so the platform keeps its webhook and the tenant
 * can see why.
 */
@ApplicationScoped
public class SourceIngest {

    private static final Logger LOG = Logger.getLogger(SourceIngest.class);
    private static final int SWAP_ATTEMPTS = 4;

    /** A webhook's 202 body; {@code ignored} says why nothing was taken from a payload. */
    public record WebhookResult(int accepted, int duplicates, String ignored) {

        static WebhookResult of(IngestResult result) {
            return new WebhookResult(result.accepted(), result.duplicates(), null);
        }

        WebhookResult plus(IngestResult more) {
            return new WebhookResult(accepted + more.accepted(), duplicates + more.duplicates(), ignored);
        }
    }

    private final IngestService ingest;
    private final ChatwootConversations conversations;
    private final WeChatSessions sessions;
    private final SourceRejects rejects;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    // Heartbeats per visitor: the script sends one every 30 s; a page reloaded in a loop is cut off.
    private final Cache<String, TokenBucket> visitorBuckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).maximumSize(500_000).build();

    public SourceIngest(IngestService ingest, ChatwootConversations conversations, WeChatSessions sessions,
            SourceRejects rejects, MeterRegistry registry) {
        this.ingest = ingest;
        this.conversations = conversations;
        this.sessions = sessions;
        this.rejects = rejects;
        this.registry = registry;
    }

    /** One Chatwoot delivery of account {@code account}. */
    public Uni<WebhookResult> chatwoot(String tenant, String account, JsonNode payload) {
        String event = payload.path("event").asText("");
        String named = accountOf(payload);
        if (named != null && !named.equals(account)) {
            return reject(tenant, "chatwoot", event, "the payload is from Chatwoot account " + named
                    + "; this tenant's source is set for account " + account);
        }
        String display = ChatwootEvents.conversationOf(payload);
        if (display == null) {
            return chatwootOutcome(tenant, event, ChatwootEvents.map(payload, account, null, clock.instant()));
        }
        return chatwootConversation(tenant, account, display, payload, event, 1);
    }

    // Derive from the known state, publish, then move the state; if another delivery moved it in
    // between, derive again from the new state (same transitions get the same ids: duplicates).
    private Uni<WebhookResult> chatwootConversation(String tenant, String account, String display, JsonNode payload,
            String event, int attempt) {
        return conversations.read(tenant, account, display).flatMap(known -> {
            ChatwootEvents.Outcome outcome = ChatwootEvents.map(payload, account, known.state(), clock.instant());
            return chatwootOutcome(tenant, event, outcome).flatMap(result -> {
                if (outcome.next() == null) {
                    return Uni.createFrom().item(result);
                }
                return conversations.swap(tenant, account, display, known, outcome.next()).flatMap(swapped -> {
                    if (swapped || attempt >= SWAP_ATTEMPTS) {
                        if (!swapped) {
                            LOG.warnf("Chatwoot conversation %s of tenant %s kept changing; state left to the next delivery",
                                    display, tenant);
                        }
                        return Uni.createFrom().item(result);
                    }
                    return chatwootConversation(tenant, account, display, payload, event, attempt + 1)
                            .map(again -> new WebhookResult(result.accepted() + again.accepted(),
                                    result.duplicates() + again.duplicates(), again.ignored()));
                });
            });
        });
    }

    private Uni<WebhookResult> chatwootOutcome(String tenant, String event, ChatwootEvents.Outcome outcome) {
        return switch (outcome.kind()) {
            case MAPPED -> publish(tenant, "chatwoot", event, outcome.envelopes());
            case IGNORED -> Uni.createFrom().item(new WebhookResult(0, 0, outcome.reason()));
            case UNKNOWN, INVALID -> reject(tenant, "chatwoot", event, outcome.reason());
        };
    }

    /** The account a payload names, where it names one (messages do; conversation snapshots may not). */
    private static String accountOf(JsonNode payload) {
        JsonNode id = payload.path("account").path("id");
        if (id.isMissingNode()) {
            id = payload.path("account_id");
        }
        return id.isValueNode() && !id.isNull() ? id.asText() : null;
    }

    /** One WeChat push (already verified and decrypted). */
    public Uni<WebhookResult> weChat(String tenant, WeChatPush push) {
        String event = WeChatEvents.isVisitorMessage(push) ? push.msgType() : push.event();
        try {
            if (WeChatEvents.isVisitorMessage(push) || push.event().equals("kf_create_session")) {
                String candidate = "wx-" + push.openId() + "-" + push.createTime();
                return sessions.open(tenant, push.openId(), candidate, push.dedupKey()).flatMap(session ->
                        publish(tenant, "wechat", event, WeChatEvents.map(push, session.conversationId(),
                                session.opened() && WeChatEvents.isVisitorMessage(push))));
            }
            if (WeChatEvents.isSessionEvent(push)) {
                return sessions.current(tenant, push.openId()).flatMap(current -> {
                    if (current.isEmpty()) {
                        return reject(tenant, "wechat", event, event + " for a follower without an open session");
                    }
                    Uni<WebhookResult> published = publish(tenant, "wechat", event, WeChatEvents.map(push, current.get(), false));
                    return push.event().equals("kf_close_session")
                            ? published.call(ignored -> sessions.close(tenant, push.openId()))
                            : published;
                });
            }
            List<ObjectNode> events = WeChatEvents.map(push, null, false);
            if (events.isEmpty()) {
                return Uni.createFrom().item(new WebhookResult(0, 0, event + " carries nothing for the floor"));
            }
            return publish(tenant, "wechat", event, events);
        } catch (RuntimeException e) {
            return reject(tenant, "wechat", event, e.getMessage());
        }
    }

    /** One beacon ping from an allowed origin; 429 when the visitor pings too often. */
    public Uni<WebhookResult> beacon(String tenant, BeaconPings.Ping ping) {
        long now = System.nanoTime();
        TokenBucket bucket = visitorBuckets.get(tenant + "\u0000" + ping.visitorId(),
                key -> new TokenBucket(BeaconPings.VISITOR_PINGS_PER_SECOND, BeaconPings.VISITOR_BURST, now));
        if (bucket.tryTake(1, now) > 0) {
            ingest.rejected("beacon-rate-limited", 1);
            return Uni.createFrom().failure(new ProblemException(Problem.of(429, "rate-limited", "Too Many Requests",
                    "This visitor pings more often than every " + BeaconPings.HEARTBEAT.toSeconds() / 2 + " s.")));
        }
        return publish(tenant, "beacon", ping.event(), List.of(BeaconPings.envelope(ping, clock.instant())));
    }

    /** Agent presence from polling Chatwoot's agents API. */
    public Uni<WebhookResult> agents(String tenant, List<ObjectNode> envelopes) {
        return publish(tenant, "chatwoot", "agents_poll", envelopes);
    }

    private Uni<WebhookResult> publish(String tenant, String source, String event, List<ObjectNode> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().item(new WebhookResult(0, 0, null));
        }
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        batch.putArray("events").addAll(envelopes);
        return ingest.ingest(tenant, batch).map(WebhookResult::of)
                .onFailure(ProblemException.class).recoverWithUni(e -> {
                    ProblemException problem = (ProblemException) e;
                    if (problem.problem().status() != 422) {
                        return Uni.createFrom().failure(e); // 429 and 503: the platform retries
                    }
                    // A mapping this version gets wrong must not make the platform drop the webhook.
                    List<String> errors = problem.problem().errors() == null ? List.of()
                            : problem.problem().errors().stream().map(f -> f.field() + " " + f.message()).toList();
                    return reject(tenant, source, event, "not a valid envelope: " + String.join("; ", errors));
                });
    }

    /** Records what a source sent (or answered) that could not be used; acknowledged, counted, listed. */
    public Uni<WebhookResult> reject(String tenant, String source, String event, String reason) {
        registry.counter("floorwatch.ingest.source.rejected", "source", source).increment();
        Instant at = clock.instant();
        return rejects.record(tenant, new SourceRejects.Reject(at, source, event, reason))
                .onFailure().invoke(e -> LOG.warnf("could not record a %s reject of tenant %s: %s", source, tenant, e))
                .onFailure().recoverWithNull()
                .map(ignored -> new WebhookResult(0, 0, reason));
    }
}
