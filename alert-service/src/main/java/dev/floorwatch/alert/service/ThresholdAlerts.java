package dev.floorwatch.alert.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.alert.config.AlertConfig;
import dev.floorwatch.alert.domain.AlertLifecycle;
import dev.floorwatch.alert.domain.Inhibition;
import dev.floorwatch.alert.domain.Rule;
import dev.floorwatch.alert.domain.RuleParser;
import dev.floorwatch.alert.domain.ThresholdEvaluator;
import dev.floorwatch.alert.store.AlertStore;
import dev.floorwatch.alert.store.OpenAlert;
import dev.floorwatch.alert.store.RuleStore;
import dev.floorwatch.alert.store.SilenceStore;
import dev.floorwatch.alert.domain.Silence;
import dev.floorwatch.alert.domain.SnapshotIds;
import dev.floorwatch.common.events.AlertEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Threshold rules on a tenant's overview snapshot: evaluate every rule and scope, step each
 * alert's lifecycle with the snapshot's own time as the clock (so a replay gives the same
 * answer), mark warnings inhibited by a firing critical, and commit state and transitions
 * together. Snapshots at or before the last evaluated one are skipped: after a restart nothing is
 * repeated.
 */
@ApplicationScoped
public class ThresholdAlerts {

    private final RuleStore rules;
    private final AlertStore alerts;
    private final SilenceStore silences;
    private final AlertConfig config;
    private final MeterRegistry registry;

    public ThresholdAlerts(RuleStore rules, AlertStore alerts, SilenceStore silences, AlertConfig config,
            MeterRegistry registry) {
        this.silences = silences;
        this.rules = rules;
        this.alerts = alerts;
        this.config = config;
        this.registry = registry;
    }

    /** What one snapshot's evaluation did: its transitions, and whether the tenant's outbox has any to publish. */
    public record Outcome(List<AlertEvent> transitions, boolean outboxWaiting) {
    }

    /** One tenant's overview snapshot, parsed, with its time. */
    public record Snapshot(String tenant, Instant at, JsonNode overview) {

        public static Snapshot of(String tenant, JsonNode overview) {
            return new Snapshot(tenant, Instant.parse(overview.path("at").asText()), overview);
        }
    }

    /**
     * Evaluates one snapshot of each of many tenants: one pipelined round trip reads their states
     * (and one their rules, when the cache has let them go), a second commits those that changed (evaluation is deterministic, so a replay of an
     * unchanged snapshot is harmless without a clock write). A tenant's later snapshots need
     * another call, since each starts from the state the one before left.
     */
    public List<Outcome> evaluate(List<Snapshot> snapshots) {
        Set<String> seen = new HashSet<>();
        for (Snapshot snapshot : snapshots) {
            if (!seen.add(snapshot.tenant())) {
                throw new IllegalArgumentException("two snapshots of " + snapshot.tenant() + " in one evaluation");
            }
        }
        Map<String, List<RuleParser.Parsed>> rulesByTenant = rules.rulesOf(seen);
        List<Prepared> prepared = new ArrayList<>(snapshots.size());
        for (Snapshot snapshot : snapshots) {
            prepared.add(new Prepared(snapshot, rulesByTenant.get(snapshot.tenant())));
        }
        List<AlertStore.EvaluationState> states = alerts.evaluationStates(
                prepared.stream().map(p -> new AlertStore.StateRead(p.tenant, p.windows)).toList());
        List<Outcome> outcomes = new ArrayList<>(snapshots.size());
        List<AlertStore.Commit> commits = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            outcomes.add(decide(prepared.get(i), states.get(i), commits));
        }
        alerts.commit(commits, config.historyRetention());
        return outcomes;
    }

    /** A snapshot with what its evaluation needs before the state is read: its time and the tenant's rules. */
    private final class Prepared {
        final String tenant;
        final JsonNode overview;
        final Instant at;
        final List<RuleParser.Parsed> rules;
        final List<AlertStore.SignalWindow> windows;

        Prepared(Snapshot snapshot, List<RuleParser.Parsed> rules) {
            this.tenant = snapshot.tenant();
            this.overview = snapshot.overview();
            this.at = snapshot.at();
            this.rules = rules;
            this.windows = rules.stream().map(RuleParser.Parsed::rule)
                    .filter(r -> r.kind() == Rule.Kind.BURST)
                    .map(r -> new AlertStore.SignalWindow(r.burst().signal(), at.minus(r.burst().window()).toEpochMilli()))
                    .distinct().toList();
        }
    }

    /** Steps every rule of one snapshot from its stored state; adds the commit when something changed. */
    private Outcome decide(Prepared prepared, AlertStore.EvaluationState state, List<AlertStore.Commit> commits) {
        String tenant = prepared.tenant;
        JsonNode overview = prepared.overview;
        Instant at = prepared.at;
        if (at.toEpochMilli() <= state.clock()) {
            return new Outcome(List.of(), state.outbox() > 0);
        }
        Map<String, OpenAlert> open = AlertStore.withAcks(state.open(), state.acks());
        Map<String, OpenAlert> next = new LinkedHashMap<>(open);
        List<PendingEvent> transitions = new ArrayList<>();
        Set<String> evaluatedKeys = new HashSet<>();
        for (RuleParser.Parsed parsed : prepared.rules) {
            Rule rule = parsed.rule();
            if (rule.kind() != Rule.Kind.THRESHOLD && rule.kind() != Rule.Kind.BURST) {
                continue;
            }
            registry.counter("floorwatch.alerts.evaluations", "kind", rule.kind().name().toLowerCase()).increment();
            boolean active = rule.activeAt(at);
            List<ThresholdEvaluator.Evaluation> evaluations = !active ? List.of()
                    : rule.kind() == Rule.Kind.THRESHOLD ? ThresholdEvaluator.evaluate(rule, overview)
                    : List.of(burst(rule, at, state));
            for (ThresholdEvaluator.Evaluation evaluation : evaluations) {
                evaluatedKeys.add(evaluation.key());
                step(rule, evaluation.key(), evaluation.labels(), evaluation.condition(), evaluation.value(), at, rule.timing(),
                        open, next, transitions);
            }
            // Open alerts of this rule whose scope vanished, or outside active hours: the condition is gone.
            for (OpenAlert alert : open.values()) {
                if (alert.ruleId().equals(rule.id()) && !evaluatedKeys.contains(alert.key())) {
                    AlertLifecycle.Timing timing = active ? rule.timing()
                            : new AlertLifecycle.Timing(rule.timing().forDuration(), java.time.Duration.ZERO, rule.timing().repeatInterval());
                    step(rule, alert.key(), alert.labels(), false, alert.value(), at, timing, open, next, transitions);
                }
            }
        }
        List<Inhibition.OpenAlert> firing = next.values().stream().map(a -> new Inhibition.OpenAlert(a.key(),
                Rule.Severity.valueOf(a.severity().toUpperCase()), a.metric(), a.labels(), a.firing())).toList();
        List<AlertEvent> events = new ArrayList<>();
        for (PendingEvent p : transitions) {
            String inhibitor = Inhibition.inhibitorOf(new Inhibition.OpenAlert(p.alert.key(),
                    Rule.Severity.valueOf(p.alert.severity().toUpperCase()), p.alert.metric(), p.alert.labels(), true), firing)
                    .orElse(null);
            // Silences apply to what is published from their creation on: the snapshot's time may be a little older.
            String silence = silences.silencing(tenant, p.alert.ruleId(), p.alert.severity(), p.alert.labels(),
                    latest(at, Instant.now()))
                    .map(Silence::id).orElse(null);
            events.add(new AlertEvent(AlertEvent.SCHEMA, tenant, p.alert.key(), p.alert.ruleId(), p.alert.name(),
                    p.alert.severity(), p.transition.kind().name().toLowerCase(), p.alert.metric(), p.transition.value(),
                    p.alert.threshold(), p.alert.labels(), null, List.of(), p.transition.startsAt(), p.transition.endsAt(),
                    p.transition.at(), p.alert.runbook(), SnapshotIds.forAlert(p.alert.key(), p.transition.startsAt()), inhibitor,
                    silence));
            registry.counter("floorwatch.alerts.transitions", "state", p.transition.kind().name().toLowerCase(),
                    "severity", p.alert.severity()).increment();
        }
        Map<String, OpenAlert> changed = next.entrySet().stream()
                .filter(e -> !e.getValue().equals(open.get(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<String> removed = open.keySet().stream().filter(k -> !next.containsKey(k)).toList();
        if (!changed.isEmpty() || !removed.isEmpty() || !events.isEmpty()) {
            commits.add(new AlertStore.Commit(tenant, at.toEpochMilli(), changed, removed, events));
        }
        return new Outcome(events, !events.isEmpty() || state.outbox() > 0);
    }

    /** A burst rule is a threshold on a signal count in a sliding window ending at the snapshot. */
    private static ThresholdEvaluator.Evaluation burst(Rule rule, Instant at, AlertStore.EvaluationState state) {
        long count = state.signals().getOrDefault(rule.burst().signal() + "@" + at.minus(rule.burst().window()).toEpochMilli(), 0L);
        return new ThresholdEvaluator.Evaluation(rule.id(), Map.of(), count >= rule.burst().count(), count);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private record PendingEvent(OpenAlert alert, AlertLifecycle.Transition transition) {
    }

    private static void step(Rule rule, String key, Map<String, String> labels, boolean condition, double value, Instant at,
            AlertLifecycle.Timing timing, Map<String, OpenAlert> open, Map<String, OpenAlert> next, List<PendingEvent> out) {
        OpenAlert current = open.get(key);
        AlertLifecycle.Step step = AlertLifecycle.step(current == null ? null : current.state(), condition, value, at, timing);
        String metric = rule.threshold() != null ? rule.threshold().metric() : "burst." + rule.burst().signal();
        double threshold = rule.threshold() != null ? rule.threshold().value() : rule.burst().count();
        OpenAlert template = current != null ? current
                : new OpenAlert(key, rule.id(), rule.name(), rule.severity().name().toLowerCase(), metric, threshold,
                        new HashMap<>(labels), rule.runbook(), "PENDING", at, null, null, value, null, null, null, null);
        if (step.next() == null) {
            next.remove(key);
        } else {
            next.put(key, template.with(step.next()));
        }
        step.transitions().forEach(t -> out.add(new PendingEvent(template, t)));
    }
}
