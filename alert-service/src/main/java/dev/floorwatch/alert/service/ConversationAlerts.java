package dev.floorwatch.alert.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.domain.ConversationTrack;
import dev.floorwatch.alert.domain.Rule;
import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.alert.domain.Silence;
import dev.floorwatch.alert.domain.SnapshotIds;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.alert.store.AlertStore.SignalClock;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.alert.store.SilenceStore;
import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.common.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code conversation} rules of ALERTS.md. Each conversation event updates the conversation's
 * {@link ConversationTrack}; count signals ({@code repeatedQuestion}, {@code longConversation},
 * {@code botPingPong}) fire on the event that reaches the threshold. Time signals
 * ({@code highValueWaiting}, {@code silentAgent}) put the conversation on a clock in Redis, which
 * every snapshot of the tenant (once a second) reads, so they fire within a second of the wait
 * crossing the threshold with no event needed. A per-conversation alert fires once, is flagged
 * in metrics-service like a risk hit (category {@code quality}), and resolves when its condition
 * clears (the agent answered) or the conversation ends.
 */
@ApplicationScoped
public class ConversationAlerts {

    /** Conversations fired per clock and snapshot; the rest follow on the next snapshot. */
    private static final int DUE_PER_TICK = 200;

    private final RuleStore rules;
    private final AlertStore alerts;
    private final SilenceStore silences;
    private final AlertConfig config;
    private final MeterRegistry registry;

    public ConversationAlerts(RuleStore rules, AlertStore alerts, SilenceStore silences,
            AlertConfig config, MeterRegistry registry) {
        this.rules = rules;
        this.alerts = alerts;
        this.silences = silences;
        this.config = config;
        this.registry = registry;
    }

    /** Handles one event; answers how many transitions went to the outbox (-1: already handled). */
    public int handle(EventEnvelope event, Instant now) {
        String conversationId = event.conversationId();
        if (conversationId == null || event.type().startsWith("visitor.") || event.type().startsWith("agent.")) {
            return 0;
        }
        String tenant = event.tenant();
        if (event.type().equals("conversation.closed") || event.type().equals("conversation.abandoned")) {
            // Its alerts resolve with the conversation's risk alerts (RiskAlerts), which share the per-conversation set.
            alerts.endConversation(tenant, conversationId);
            return 0;
        }
        List<Rule> active = conversationRules(tenant, now);
        if (active.isEmpty()) {
            return 0;
        }
        ConversationTrack before = alerts.track(tenant, conversationId).orElse(ConversationTrack.empty());
        if (before.isEnded()) {
            return 0;
        }
        ConversationTrack track = before.apply(event);
        Map<String, Rule> byKey = new LinkedHashMap<>();
        active.forEach(rule -> byKey.put(key(rule, conversationId), rule));
        Map<String, AlertEvent> open = alerts.openConversationAlerts(tenant, List.copyOf(byKey.keySet()));
        List<AlertEvent> firing = new ArrayList<>();
        List<AlertEvent> resolved = new ArrayList<>();
        byKey.forEach((key, rule) -> {
            registry.counter("floorwatch.alerts.evaluations", "kind", "conversation").increment();
            Optional<Long> value = track.shows(rule.conversation(), now);
            AlertEvent current = open.get(key);
            if (value.isPresent() && current == null) {
                firing.add(firing(tenant, rule, conversationId, track, value.get(), now));
            } else if (value.isEmpty() && current != null) {
                resolved.add(current.next("resolved", now, now));
            }
        });
        int written = alerts.recordConversationSignals(tenant, event.id(), conversationId, track, firing, resolved, now,
                config.historyRetention());
        if (written > 0) {
            count(firing);
            count(resolved);
        }
        return written;
    }

    /** One tenant's snapshot time: its signal clocks are read as of then. */
    public record Tick(String tenant, Instant at) {
    }

    /**
     * Fires the time signals due at each tenant's snapshot: the clocks of all the tenants are
     * read in one pipelined round trip (this runs for every tenant every second); only a due
     * conversation costs more. Answers the tenants whose outbox got a transition. Replaying a
     * snapshot fires nothing twice.
     */
    public Set<String> tick(List<Tick> ticks) {
        List<List<Rule>> clocked = new ArrayList<>(ticks.size());
        List<AlertStore.DueRead> reads = new ArrayList<>(ticks.size());
        Map<String, List<RuleParser.Parsed>> rulesByTenant = this.rules.rulesOf(ticks.stream().map(Tick::tenant).toList());
        for (Tick tick : ticks) {
            List<Rule> rules = new ArrayList<>();
            List<AlertStore.DueQuery> queries = new ArrayList<>();
            for (Rule rule : conversationRules(rulesByTenant.get(tick.tenant()), tick.at())) {
                SignalClock clock = switch (rule.conversation().signal()) {
                    case "highValueWaiting" -> SignalClock.HIGH_VALUE_WAIT;
                    case "silentAgent" -> SignalClock.SILENT;
                    default -> null;
                };
                if (clock != null) {
                    registry.counter("floorwatch.alerts.evaluations", "kind", "conversation").increment();
                    rules.add(rule);
                    queries.add(new AlertStore.DueQuery(clock, tick.at().toEpochMilli() - rule.conversation().threshold() * 1000));
                }
            }
            clocked.add(rules);
            reads.add(new AlertStore.DueRead(tick.tenant(), queries, tick.at().toEpochMilli()));
        }
        List<List<List<String>>> due = alerts.dueOn(reads, DUE_PER_TICK);
        Set<String> fired = new LinkedHashSet<>();
        for (int t = 0; t < ticks.size(); t++) {
            if (fire(ticks.get(t), clocked.get(t), reads.get(t).queries(), due.get(t))) {
                fired.add(ticks.get(t).tenant());
            }
        }
        return fired;
    }

    /** Fires the rules whose clocks named conversations, each once; answers whether any fired. */
    private boolean fire(Tick tick, List<Rule> rules, List<AlertStore.DueQuery> queries, List<List<String>> due) {
        String tenant = tick.tenant();
        Instant at = tick.at();
        boolean fired = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            AlertStore.DueQuery query = queries.get(i);
            for (String conversationId : due.get(i)) {
                Optional<ConversationTrack> track = alerts.track(tenant, conversationId);
                Optional<Long> value = track.flatMap(t -> t.shows(rule.conversation(), at));
                if (value.isPresent()) {
                    AlertEvent event = firing(tenant, rule, conversationId, track.get(), value.get(), at);
                    if (alerts.fireDue(tenant, query.clock(), conversationId, query.until(), event)) {
                        count(List.of(event));
                        fired = true;
                    }
                }
            }
        }
        return fired;
    }

    private List<Rule> conversationRules(String tenant, Instant now) {
        return conversationRules(rules.rules(tenant), now);
    }

    private static List<Rule> conversationRules(List<RuleParser.Parsed> rules, Instant now) {
        return rules.stream().map(RuleParser.Parsed::rule)
                .filter(r -> r.kind() == Rule.Kind.CONVERSATION && r.activeAt(now)).toList();
    }

    static String key(Rule rule, String conversationId) {
        return rule.id() + "|conversation=" + conversationId;
    }

    private AlertEvent firing(String tenant, Rule rule, String conversationId, ConversationTrack track, long value,
            Instant now) {
        String signal = rule.conversation().signal();
        Map<String, String> labels = new LinkedHashMap<>();
        // Category "quality" flags the conversation in metrics-service like a risk hit, with the signal as the word.
        labels.put("category", "quality");
        labels.put("signal", signal);
        if (track.channel() != null) {
            labels.put("channel", track.channel());
        }
        if (track.skillGroup() != null) {
            labels.put("skillGroup", track.skillGroup());
        }
        List<String> matched = signal.equals("repeatedQuestion")
                ? List.of(track.mostRepeatedQuestion().orElse(signal)) : List.of(signal);
        String severity = rule.severity().name().toLowerCase();
        String silence = silences.silencing(tenant, rule.id(), severity, labels, now).map(Silence::id).orElse(null);
        return new AlertEvent(AlertEvent.SCHEMA, tenant, key(rule, conversationId), rule.id(), rule.name(), severity,
                "firing", "conversation." + signal, (double) value, (double) rule.conversation().threshold(), labels,
                conversationId, matched, now, null, now, rule.runbook(), SnapshotIds.forAlert(key(rule, conversationId), now),
                null, silence);
    }

    private void count(List<AlertEvent> events) {
        events.forEach(e -> registry.counter("floorwatch.alerts.transitions", "state", e.state(), "severity", e.severity())
                .increment());
    }
}
