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
        Keys k = new Keys(MetricsKeys.prefix(tenant));
        Bounds at = new Bounds(now, now - MetricsSettings.WINDOW_60M.toMillis(), now - settings.queueSla().toMillis() - 1,
                now - settings.responseSla().toMillis() - 1, now - settings.visitorTtl().toMillis());
        // One method per part: a single method this size is too big for the JIT's first tiers, and
        // ran interpreted for a minute after start at a thousand tenants a second.
        List<FirstResponse> responses = view.membersByScore(k.of("frt"), now - settings.firstResponseWindow().toMillis(),
                Long.MAX_VALUE).stream().map(FirstResponse::parse).toList();
        List<String> onlineAgents = view.members(k.of("ag:online"));
        return new Overview(tenant, Instant.ofEpochMilli(now).toString(), traffic(k, view, at), queue(k, view, at),
                agents(k, view, onlineAgents), response(k, view, at, onlineAgents, responses), quality(k, view, at), channels(k, view, at),
                groups(k, view, at, responses), channelGroups(k, view, at));
    }

    /** The moments the overview's windows and cutoffs start from (epoch ms). */
    private record Bounds(long now, long hourAgo, long slaCutoff, long responseCutoff, long visitorSince) {
    }

    private static Overview.Traffic traffic(Keys k, LiveView view, Bounds at) {
        return new Overview.Traffic(
                view.count(k.of("vis"), at.visitorSince(), Long.MAX_VALUE),
                view.count(k.of("open")),
                view.count(k.of("started"), at.hourAgo(), Long.MAX_VALUE));
    }

    private static Overview.Queue queue(Keys k, LiveView view, Bounds at) {
        return new Overview.Queue(
                view.count(k.of("queue")),
                waitSeconds(view.lowestScore(k.of("queue")), at.now()),
                view.count(k.of("queue"), Long.MIN_VALUE, at.slaCutoff()),
                view.count(k.of("queue:hv")),
                view.count(k.of("abandoned"), at.hourAgo(), Long.MAX_VALUE));
    }

    private Overview.Agents agents(Keys k, LiveView view, List<String> onlineAgents) {
        long online = 0;
        long busy = 0;
        long saturated = 0;
        for (String agentId : onlineAgents) {
            Agent agent = Agent.fromHash(agentId, view.hash(k.of("a:" + agentId)));
            long assigned = view.count(k.of("a:" + agentId + ":convs"));
            online++;
            if (assigned > 0 || "busy".equals(agent.status)) {
                busy++;
            }
            int max = agent.maxConcurrency == null ? settings.defaultMaxConcurrency() : agent.maxConcurrency;
            if (assigned >= max) {
                saturated++;
            }
        }
        long openAssigned = view.count(k.of("assigned"));
        return new Overview.Agents(online, busy, online - busy, view.count(k.of("ag:away")),
                online == 0 ? 0.0 : round((double) openAssigned / online, 2), saturated);
    }

    private static Overview.Response response(Keys k, LiveView view, Bounds at, List<String> onlineAgents,
            List<FirstResponse> responses) {
        long silent = 0;
        for (String agentId : onlineAgents) {
            if (view.count(k.of("a:" + agentId + ":unans"), Long.MIN_VALUE, at.responseCutoff()) > 0) {
                silent++;
            }
        }
        return new Overview.Response(
                averageSeconds(responses, r -> true),
                p90Seconds(responses),
                view.count(k.of("unans"), Long.MIN_VALUE, at.responseCutoff()),
                silent);
    }

    private static Overview.Quality quality(Keys k, LiveView view, Bounds at) {
        return new Overview.Quality(
                view.count(k.of("neg"), at.hourAgo(), Long.MAX_VALUE),
                view.count(k.of("risk")),
                view.count(k.of("botx"), at.hourAgo(), Long.MAX_VALUE));
    }

    private static List<Overview.ChannelRow> channels(Keys k, LiveView view, Bounds at) {
        List<Overview.ChannelRow> channels = new ArrayList<>();
        for (String channel : sorted(view.members(k.of("channels")))) {
            channels.add(new Overview.ChannelRow(channel,
                    view.count(k.of("vis:ch:" + channel), at.visitorSince(), Long.MAX_VALUE),
                    view.count(k.of("open:ch:" + channel)),
                    view.count(k.of("queue:ch:" + channel)),
                    view.count(k.of("queue:ch:" + channel), Long.MIN_VALUE, at.slaCutoff()),
                    view.count(k.of("started:ch:" + channel), at.hourAgo(), Long.MAX_VALUE)));
        }
        return channels;
    }

    private static List<Overview.SkillGroupRow> groups(Keys k, LiveView view, Bounds at, List<FirstResponse> responses) {
        List<Overview.SkillGroupRow> groups = new ArrayList<>();
        for (String group : sorted(view.members(k.of("groups")))) {
            groups.add(new Overview.SkillGroupRow(group,
                    view.count(k.of("ag:online:grp:" + group)),
                    view.count(k.of("open:grp:" + group)),
                    view.count(k.of("queue:grp:" + group)),
                    waitSeconds(view.lowestScore(k.of("queue:grp:" + group)), at.now()),
                    averageSeconds(responses, r -> group.equals(r.group()))));
        }
        return groups;
    }

    private List<Overview.ChannelGroupRow> channelGroups(Keys k, LiveView view, Bounds at) {
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
                visitors += view.count(k.of("vis:ch:" + channel), at.visitorSince(), Long.MAX_VALUE);
                started += view.count(k.of("started:ch:" + channel), at.hourAgo(), Long.MAX_VALUE);
                seen += view.count(k.of("seen:ch:" + channel), at.hourAgo(), Long.MAX_VALUE);
                queued += view.count(k.of("queue:ch:" + channel));
                highValue += view.count(k.of("started:hv:ch:" + channel), at.hourAgo(), Long.MAX_VALUE);
                risky += view.count(k.of("risk:ch:" + channel));
                refunds += view.count(k.of("started:refund:ch:" + channel), at.hourAgo(), Long.MAX_VALUE);
            }
            channelGroups.add(new Overview.ChannelGroupRow(entry.getKey(), visitors, started,
                    seen == 0 ? null : round((double) started / seen, 3),
                    queued,
                    started == 0 ? null : round((double) highValue / started, 3),
                    risky,
                    started == 0 ? null : round((double) refunds / started, 3)));
        }
        return channelGroups;
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

    /** The tenant's keys, from its prefix built once per overview (a hundred-odd keys a tenant a second). */
    private record Keys(String prefix) {
        String of(String relative) {
            return prefix + relative;
        }
    }
}
