package dev.floorwatch.metrics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Computes the overview of METRICS.md at {@code now} from a tenant's live state. Every
 * definition is here, in one place: what counts as online, busy, breached, unanswered, and how
 * windows end. Reads only through {@link LiveView}; no I/O of its own.
 */
public final class OverviewCalculator {

    private final MetricsSettings settings;

    public OverviewCalculator(MetricsSettings settings) {
        this.settings = settings;
    }

    public Overview compute(String tenant, LiveView view, long now) {
        Keys k = new Keys(tenant);
        long hourAgo = now - MetricsSettings.WINDOW_60M.toMillis();
        long slaCutoff = now - settings.queueSla().toMillis() - 1;
        long responseCutoff = now - settings.responseSla().toMillis() - 1;
        long visitorSince = now - settings.visitorTtl().toMillis();

        Overview.Traffic traffic = new Overview.Traffic(
                view.count(k.of("vis"), visitorSince, Long.MAX_VALUE),
                view.count(k.of("open")),
                view.count(k.of("started"), hourAgo, Long.MAX_VALUE));

        Overview.Queue queue = new Overview.Queue(
                view.count(k.of("queue")),
                waitSeconds(view.lowestScore(k.of("queue")), now),
                view.count(k.of("queue"), Long.MIN_VALUE, slaCutoff),
                view.count(k.of("queue:hv")),
                view.count(k.of("abandoned"), hourAgo, Long.MAX_VALUE));

        long online = 0;
        long busy = 0;
        long saturated = 0;
        long silent = 0;
        for (String agentId : view.members(k.of("ag:online"))) {
            Agent agent = Agent.fromHash(agentId, view.hash(MetricsKeys.agent(tenant, agentId)));
            long assigned = view.count(k.of("a:" + agentId + ":convs"));
            online++;
            if (assigned > 0 || "busy".equals(agent.status)) {
                busy++;
            }
            int max = agent.maxConcurrency == null ? settings.defaultMaxConcurrency() : agent.maxConcurrency;
            if (assigned >= max) {
                saturated++;
            }
            if (view.count(k.of("a:" + agentId + ":unans"), Long.MIN_VALUE, responseCutoff) > 0) {
                silent++;
            }
        }
        long openAssigned = view.count(k.of("assigned"));
        Overview.Agents agents = new Overview.Agents(online, busy, online - busy, view.count(k.of("ag:away")),
                online == 0 ? 0.0 : round((double) openAssigned / online, 2), saturated);

        List<FirstResponse> responses = view.membersByScore(k.of("frt"), now - settings.firstResponseWindow().toMillis(),
                Long.MAX_VALUE).stream().map(FirstResponse::parse).toList();
        Overview.Response response = new Overview.Response(
                averageSeconds(responses, r -> true),
                p90Seconds(responses),
                view.count(k.of("unans"), Long.MIN_VALUE, responseCutoff),
                silent);

        Overview.Quality quality = new Overview.Quality(
                view.count(k.of("neg"), hourAgo, Long.MAX_VALUE),
                view.count(k.of("risk")),
                view.count(k.of("botx"), hourAgo, Long.MAX_VALUE));

        List<Overview.ChannelRow> channels = new ArrayList<>();
        for (String channel : sorted(view.members(k.of("channels")))) {
            channels.add(new Overview.ChannelRow(channel,
                    view.count(k.of("vis:ch:" + channel), visitorSince, Long.MAX_VALUE),
                    view.count(k.of("open:ch:" + channel)),
                    view.count(k.of("queue:ch:" + channel)),
                    view.count(k.of("queue:ch:" + channel), Long.MIN_VALUE, slaCutoff),
                    view.count(k.of("started:ch:" + channel), hourAgo, Long.MAX_VALUE)));
        }

        List<Overview.SkillGroupRow> groups = new ArrayList<>();
        for (String group : sorted(view.members(k.of("groups")))) {
            groups.add(new Overview.SkillGroupRow(group,
                    view.count(k.of("ag:online:grp:" + group)),
                    view.count(k.of("open:grp:" + group)),
                    view.count(k.of("queue:grp:" + group)),
                    waitSeconds(view.lowestScore(k.of("queue:grp:" + group)), now),
                    averageSeconds(responses, r -> group.equals(r.group()))));
        }

        List<Overview.ChannelGroupRow> channelGroups = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : settings.channelGroups().entrySet()) {
            long visitors = 0;
            long started = 0;
            long seen = 0;
            long queued = 0;
            long highValue = 0;
            long risky = 0;
            long refunds = 0;
            for (String channel : entry.getValue()) {
                visitors += view.count(k.of("vis:ch:" + channel), visitorSince, Long.MAX_VALUE);
                started += view.count(k.of("started:ch:" + channel), hourAgo, Long.MAX_VALUE);
                seen += view.count(k.of("seen:ch:" + channel), hourAgo, Long.MAX_VALUE);
                queued += view.count(k.of("queue:ch:" + channel));
                highValue += view.count(k.of("started:hv:ch:" + channel), hourAgo, Long.MAX_VALUE);
                risky += view.count(k.of("risk:ch:" + channel));
                refunds += view.count(k.of("started:refund:ch:" + channel), hourAgo, Long.MAX_VALUE);
            }
            channelGroups.add(new Overview.ChannelGroupRow(entry.getKey(), visitors, started,
                    seen == 0 ? null : round((double) started / seen, 3),
                    queued,
                    started == 0 ? null : round((double) highValue / started, 3),
                    risky,
                    started == 0 ? null : round((double) refunds / started, 3)));
        }

        return new Overview(tenant, Instant.ofEpochMilli(now).toString(), traffic, queue, agents, response, quality,
                channels, groups, channelGroups);
    }

    static long waitSeconds(OptionalLong since, long now) {
        return since.isPresent() ? Math.max(0, (now - since.getAsLong()) / 1000) : 0;
    }

    static Double averageSeconds(List<FirstResponse> responses, Predicate<FirstResponse> which) {
        long sum = 0;
        int n = 0;
        for (FirstResponse r : responses) {
            if (which.test(r)) {
                sum += r.millis();
                n++;
            }
        }
        return n == 0 ? null : round(sum / 1000.0 / n, 1);
    }

    /** Nearest-rank 90th percentile. */
    static Double p90Seconds(List<FirstResponse> responses) {
        if (responses.isEmpty()) {
            return null;
        }
        long[] values = responses.stream().mapToLong(FirstResponse::millis).sorted().toArray();
        int rank = (int) Math.ceil(0.9 * values.length);
        return round(values[rank - 1] / 1000.0, 1);
    }

    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static List<String> sorted(List<String> members) {
        return members.stream().sorted().toList();
    }

    private record Keys(String tenant) {
        String of(String relative) {
            return MetricsKeys.index(tenant, relative);
        }
    }
}
