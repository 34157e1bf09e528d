package dev.floorwatch.ingest.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.ingest.config.IngestConfig;
import dev.floorwatch.ingest.domain.ChatwootAgents;
import dev.floorwatch.ingest.domain.SourceSettings;
import dev.floorwatch.ingest.store.ChatwootAgentStatuses;
import dev.floorwatch.ingest.store.SourceStore;
import io.quarkus.scheduler.Scheduled;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Agent presence for Chatwoot tenants that gave an API base URL and token: every
 * {@code floorwatch.ingest.chatwoot.poll-interval} one replica per tenant reads the agents API and
 * publishes each change as {@code agent.status}. A failing poll (wrong token, Chatwoot down) is
 * recorded as a reject once per distinct error, not every round.
 */
@ApplicationScoped
public class ChatwootAgentPoller {

    private static final Logger LOG = Logger.getLogger(ChatwootAgentPoller.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ChatwootAgentStatuses statuses;
    private final SourceStore store;
    private final SourceIngest sources;
    private final ObjectMapper json;
    private final Duration round;
    private final WebClient client;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();

    public ChatwootAgentPoller(ChatwootAgentStatuses statuses, SourceStore store, SourceIngest sources, ObjectMapper json,
            IngestConfig config, Vertx vertx) {
        this.statuses = statuses;
        this.store = store;
        this.sources = sources;
        this.json = json;
        this.round = config.chatwoot().pollInterval();
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) TIMEOUT.toMillis()).setUserAgent("Floorwatch-Ingest/1"));
    }

    @Scheduled(every = "${floorwatch.ingest.chatwoot.poll-interval:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        for (String tenant : statuses.pollingTenants().await().atMost(TIMEOUT)) {
            try {
                poll(tenant);
            } catch (RuntimeException e) {
                LOG.warnf("polling Chatwoot agents of tenant %s failed: %s", tenant, e.toString());
            }
        }
    }

    void poll(String tenant) {
        Optional<SourceSettings.Chatwoot> found = store.chatwoot(tenant).await().atMost(TIMEOUT);
        if (found.isEmpty() || !found.get().polls()) {
            statuses.setPolling(tenant, false).await().atMost(TIMEOUT); // source removed or tenant deleted
            return;
        }
        // A little less than a round, so that the next round's claim finds the key gone.
        if (!statuses.claimRound(tenant, round.minusMillis(Math.min(500, round.toMillis() / 10))).await().atMost(TIMEOUT)) {
            return;
        }
        SourceSettings.Chatwoot settings = found.get();
        String url = settings.apiBaseUrl() + "/api/v1/accounts/" + settings.accountId() + "/agents";
        String error = null;
        try {
            var response = client.getAbs(url).putHeader("api_access_token", settings.apiAccessToken())
                    .putHeader("Accept", "application/json").timeout(TIMEOUT.toMillis())
                    .send().await().atMost(TIMEOUT.plusSeconds(1));
            if (response.statusCode() != 200) {
                error = "the agents API answered HTTP " + response.statusCode()
                        + (response.statusCode() == 401 ? " (is apiAccessToken an administrator's token?)" : "");
            } else {
                JsonNode agents = json.readTree(response.bodyAsString());
                Map<String, String> known = statuses.known(tenant).await().atMost(TIMEOUT);
                ChatwootAgents.Poll poll = ChatwootAgents.changes(agents, settings.accountId(), known, clock.instant());
                if (!poll.envelopes().isEmpty()) {
                    sources.agents(tenant, poll.envelopes()).await().atMost(TIMEOUT.plusSeconds(2));
                }
                statuses.replace(tenant, poll.statuses()).await().atMost(TIMEOUT);
            }
        } catch (Exception e) {
            error = "the agents API could not be read: " + e;
        }
        if (error == null) {
            lastError.remove(tenant);
        } else if (!error.equals(lastError.put(tenant, error))) {
            LOG.warnf("Chatwoot agents of tenant %s: %s", tenant, error);
            sources.reject(tenant, "chatwoot", "agents_poll", error).await().atMost(TIMEOUT);
        }
    }
}
