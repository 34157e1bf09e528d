package dev.floorwatch.metrics.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.floorwatch.metrics.config.MetricsConfig;
import dev.floorwatch.metrics.domain.Agent;
import dev.floorwatch.metrics.domain.AgentRow;
import dev.floorwatch.metrics.domain.Conversation;
import dev.floorwatch.metrics.domain.ConversationRow;
import dev.floorwatch.metrics.domain.FirstResponse;
import dev.floorwatch.metrics.domain.LiveView;
import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.MetricsSettings;
import dev.floorwatch.metrics.domain.BatchedReads;
import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.domain.OverviewCalculator;
import dev.floorwatch.metrics.domain.TrendPoint;
import dev.floorwatch.metrics.store.LiveStateStore;
import dev.floorwatch.metrics.store.TrendStore;

/** The read models of METRICS.md over the live state: overview, conversation list, agents, trends. Blocking. */
@ApplicationScoped
public class ReadModelService {

    /** Filters and order of {@code GET /conversations}. {@code state} is {@code queued}, {@code assigned}, {@code started} or null. */
    public record ConversationQuery(String state, String channel, String skillGroup, Boolean risk, String sort, int limit) {
    }

    private final LiveStateStore store;
    private final TrendStore trends;
    private final MetricsSettings settings;
    private final OverviewCalculator calculator;
    /** Per tenant, the reads its last overview asked for and their answers: where to start the next one. */
    private final Map<String, BatchedReads.Shape> shapes = new ConcurrentHashMap<>();

    public ReadModelService(LiveStateStore store, TrendStore trends, MetricsConfig config) {
        this.store = store;
        this.trends = trends;
        this.settings = settings(config);
        this.calculator = new OverviewCalculator(settings);
    }

    static MetricsSettings settings(MetricsConfig config) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        // The contract's groups first, in its order; a tenant's own after them by name.
        for (String name : List.of("public", "private")) {
            if (config.channelGroups().containsKey(name)) {
                groups.put(name, config.channelGroups().get(name));
            }
        }
        new TreeMap<>(config.channelGroups()).forEach(groups::putIfAbsent);
        return new MetricsSettings(config.visitorTtl(), config.queueSla(), config.responseSla(),
                config.firstResponseWindow(), config.defaultMaxConcurrency(), groups);
    }

    public Overview overview(String tenant, long now) {
        return overview(tenant, now, store.version(tenant));
    }

    /** The overview, given the tenant's live state version read just before (the tick reads a shard's together). */
    public Overview overview(String tenant, long now, String version) {
        BatchedReads.Result<Overview> result = BatchedReads.run(view -> calculator.compute(tenant, view, now),
                reads -> store.readAll(tenant, reads), now, shapes.get(tenant), version);
        shapes.put(tenant, result.shape());
        return result.value();
    }

    /** Forgets the overview shapes of tenants not in {@code ticked}: the tick's tenants bound the cache. */
    public void keepShapesOf(Set<String> ticked) {
        shapes.keySet().retainAll(ticked);
    }

    public List<ConversationRow> conversations(String tenant, ConversationQuery query, long now) {
        LiveView view = store.view();
        String source = sourceIndex(query);
        List<ConversationRow> rows = new ArrayList<>();
        for (String id : view.members(MetricsKeys.index(tenant, source))) {
            Conversation c = Conversation.fromHash(id, view.hash(MetricsKeys.conversation(tenant, id)));
            ConversationRow row = ConversationRow.of(c, now);
            if (c.isOpen() && matches(row, query)) {
                rows.add(row);
            }
        }
        Comparator<ConversationRow> order = "started".equals(query.sort())
                ? Comparator.comparing(ConversationRow::openedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                : Comparator.comparingLong(ConversationRow::waitingSeconds).reversed();
        return rows.stream().sorted(order.thenComparing(ConversationRow::conversationId)).limit(query.limit()).toList();
    }

    private static String sourceIndex(ConversationQuery q) {
        if (Boolean.TRUE.equals(q.risk())) {
            return q.channel() != null ? "risk:ch:" + q.channel() : "risk";
        }
        if ("queued".equals(q.state())) {
            return q.channel() != null ? "queue:ch:" + q.channel() : q.skillGroup() != null ? "queue:grp:" + q.skillGroup() : "queue";
        }
        if ("assigned".equals(q.state())) {
            return "assigned";
        }
        return q.channel() != null ? "open:ch:" + q.channel() : q.skillGroup() != null ? "open:grp:" + q.skillGroup() : "open";
    }

    private static boolean matches(ConversationRow row, ConversationQuery q) {
        return (q.state() == null || q.state().equals(row.state()))
                && (q.channel() == null || q.channel().equals(row.channel()))
                && (q.skillGroup() == null || q.skillGroup().equals(row.skillGroup()))
                && (q.risk() == null || q.risk() == row.risk());
    }

    public List<AgentRow> agents(String tenant, long now) {
        LiveView view = store.view();
        List<FirstResponse> responses = recentFirstResponses(view, tenant, now);
        List<AgentRow> rows = new ArrayList<>();
        for (String id : view.members(MetricsKeys.index(tenant, "ag:all"))) {
            Agent agent = Agent.fromHash(id, view.hash(MetricsKeys.agent(tenant, id)));
            long open = view.count(MetricsKeys.index(tenant, "a:" + id + ":convs"));
            OptionalLong oldest = view.lowestScore(MetricsKeys.index(tenant, "a:" + id + ":unans"));
            Double frt = average(responses.stream().filter(r -> id.equals(r.agent())).mapToLong(FirstResponse::millis).toArray());
            rows.add(AgentRow.of(agent, open, settings.defaultMaxConcurrency(),
                    oldest.isPresent() ? oldest.getAsLong() : null, frt, now));
        }
        return rows.stream().sorted(Comparator.comparing(AgentRow::agentId)).toList();
    }

    public List<TrendPoint> trends(String tenant, int minutes, long now) {
        LiveView view = store.view();
        long currentMinute = now / 60_000;
        long firstMinute = currentMinute - minutes + 1;
        List<TrendPoint> points = new ArrayList<>(minutes);
        Map<Long, TrendStore.Gauges> sampled = trends.minutes(tenant, firstMinute, currentMinute);
        for (long minute = firstMinute; minute <= currentMinute; minute++) {
            long from = minute * 60_000;
            long to = from + 59_999;
            TrendStore.Gauges gauges = sampled.get(minute);
            long[] frts = view.membersByScore(MetricsKeys.index(tenant, "frt"), from, to).stream()
                    .mapToLong(m -> FirstResponse.parse(m).millis()).toArray();
            points.add(new TrendPoint(Instant.ofEpochMilli(from).toString(),
                    gauges == null ? null : gauges.queueLength(), gauges == null ? null : gauges.longestWaitSeconds(),
                    view.count(MetricsKeys.index(tenant, "started"), from, to),
                    average(frts),
                    gauges == null ? null : gauges.onlineAgents(),
                    view.count(MetricsKeys.index(tenant, "neg"), from, to),
                    view.count(MetricsKeys.index(tenant, "riskhits"), from, to)));
        }
        return points;
    }

    private List<FirstResponse> recentFirstResponses(LiveView view, String tenant, long now) {
        return view.membersByScore(MetricsKeys.index(tenant, "frt"), now - settings.firstResponseWindow().toMillis(),
                Long.MAX_VALUE).stream().map(FirstResponse::parse).toList();
    }

    private static Double average(long[] millis) {
        if (millis.length == 0) {
            return null;
        }
        long sum = 0;
        for (long m : millis) {
            sum += m;
        }
        return Math.round(sum / 100.0 / millis.length) / 10.0;
    }
}
