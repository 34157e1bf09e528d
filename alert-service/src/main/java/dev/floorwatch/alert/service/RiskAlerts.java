package dev.floorwatch.alert.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.domain.Rule;
import dev.floorwatch.alert.domain.RiskScanner;
import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.alert.store.SilenceStore;
import dev.floorwatch.alert.domain.Silence;
import dev.floorwatch.alert.domain.SnapshotIds;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Risk rules on messages: each message is scanned once against all of the tenant's risk rules;
 * a hit raises a per-conversation alert ({@code rule|conversation=<id>}, firing at once, with the
 * matched words) that resolves when the conversation ends. Risk hits are also counted as the
 * {@code riskHits} signal of burst rules. The firing alert is what flags the conversation in
 * metrics-service, which reads {@code floorwatch.alerts}.
 */
@ApplicationScoped
public class RiskAlerts {

    private record Compiled(long builtAt, RiskScanner scanner) {
    }

    private static final long RECOMPILE_MS = 2_000;

    private final RuleStore rules;
    private final AlertStore alerts;
    private final MeterRegistry registry;
    private final AlertConfig config;
    private final SilenceStore silences;
    private final Map<String, Compiled> scanners = new ConcurrentHashMap<>();

    public RiskAlerts(RuleStore rules, AlertStore alerts, SilenceStore silences, MeterRegistry registry,
            AlertConfig config) {
        this.silences = silences;
        this.config = config;
        this.rules = rules;
        this.alerts = alerts;
        this.registry = registry;
    }

    /** Handles one event; answers how many transitions went to the outbox (-1: already handled). */
    public int handle(EventEnvelope event, Instant now) {
        String tenant = event.tenant();
        List<AlertEvent> transitions = new ArrayList<>();
        List<String> signals = new ArrayList<>();
        switch (event.type()) {
            case "message.created" -> {
                String sender = event.data().path("sender").asText();
                String text = event.data().path("text").asText("");
                for (RiskScanner.Hit hit : scanner(tenant, now).scan(sender, text)) {
                    registry.counter("floorwatch.alerts.risk.hits", "category", hit.rule().risk().category()).increment();
                    Rule rule = hit.rule();
                    String key = rule.id() + "|conversation=" + event.conversationId();
                    Map<String, String> labels = Map.of("category", rule.risk().category());
                    String silence = silences.silencing(tenant, rule.id(), rule.severity().name().toLowerCase(), labels, now)
                            .map(Silence::id).orElse(null);
                    transitions.add(new AlertEvent(AlertEvent.SCHEMA, tenant, key, rule.id(), rule.name(),
                            rule.severity().name().toLowerCase(), "firing", null, null, null, labels, event.conversationId(),
                            hit.matched(), now, null, now, rule.runbook(), SnapshotIds.forAlert(key, now), null, silence));
                    signals.add("riskHits");
                }
            }
            case "conversation.rated" -> {
                if (event.data().path("score").asInt(5) <= 2) {
                    signals.add("negativeRatings");
                }
            }
            case "conversation.transferred" -> {
                if ("bot".equals(event.data().path("from").asText())) {
                    signals.add("botTransfers");
                }
            }
            default -> {
                // Closing and abandoning are handled below.
            }
        }
        boolean ends = event.type().equals("conversation.closed") || event.type().equals("conversation.abandoned");
        if (event.type().equals("conversation.abandoned")) {
            signals.add("abandoned");
        }
        if (transitions.isEmpty() && signals.isEmpty() && !ends) {
            return 0;
        }
        return alerts.recordConversationEvent(tenant, event.id(), event.conversationId(), transitions, signals,
                event.occurredAt(), ends, now, config.historyRetention());
    }

    private RiskScanner scanner(String tenant, Instant now) {
        Compiled compiled = scanners.get(tenant);
        if (compiled == null || now.toEpochMilli() - compiled.builtAt() > RECOMPILE_MS) {
            List<Rule> riskRules = rules.rules(tenant).stream().map(RuleParser.Parsed::rule)
                    .filter(r -> r.kind() == Rule.Kind.RISK && r.activeAt(now)).toList();
            compiled = new Compiled(now.toEpochMilli(), new RiskScanner(riskRules));
            scanners.put(tenant, compiled);
        }
        return compiled.scanner();
    }
}
