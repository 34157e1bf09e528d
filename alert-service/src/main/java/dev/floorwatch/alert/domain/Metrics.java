package dev.floorwatch.alert.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The numeric overview fields a threshold rule may watch (METRICS.md), and their names in the
 * per-channel and per-skill-group rows, where the overview breaks them down.
 */
public final class Metrics {

    public static final Set<String> TENANT_WIDE = Set.of(
            "traffic.onlineVisitors", "traffic.openConversations", "traffic.startedLast60m",
            "queue.length", "queue.longestWaitSeconds", "queue.slaBreaches", "queue.highValueWaiting", "queue.abandonedLast60m",
            "agents.online", "agents.busy", "agents.idle", "agents.away", "agents.load", "agents.saturated",
            "response.firstResponseAvgSeconds", "response.firstResponseP90Seconds", "response.unanswered", "response.silentAgents",
            "quality.negativeRatingsLast60m", "quality.riskConversations", "quality.botTransfersLast60m");

    private static final Map<String, String> BY_CHANNEL = new LinkedHashMap<>();
    private static final Map<String, String> BY_SKILL_GROUP = new LinkedHashMap<>();

    static {
        BY_CHANNEL.put("traffic.onlineVisitors", "onlineVisitors");
        BY_CHANNEL.put("traffic.openConversations", "openConversations");
        BY_CHANNEL.put("traffic.startedLast60m", "startedLast60m");
        BY_CHANNEL.put("queue.length", "queued");
        BY_CHANNEL.put("queue.slaBreaches", "slaBreaches");
        BY_SKILL_GROUP.put("agents.online", "onlineAgents");
        BY_SKILL_GROUP.put("traffic.openConversations", "openConversations");
        BY_SKILL_GROUP.put("queue.length", "queued");
        BY_SKILL_GROUP.put("queue.longestWaitSeconds", "longestWaitSeconds");
        BY_SKILL_GROUP.put("response.firstResponseAvgSeconds", "firstResponseAvgSeconds");
    }

    private Metrics() {
    }

    /** The row field of {@code metric} in the {@code channel} or {@code skillGroup} breakdown. */
    public static Optional<String> inRow(String dimension, String metric) {
        return Optional.ofNullable(("channel".equals(dimension) ? BY_CHANNEL : BY_SKILL_GROUP).get(metric));
    }

    public static Set<String> brokenDownBy(String dimension) {
        return ("channel".equals(dimension) ? BY_CHANNEL : BY_SKILL_GROUP).keySet();
    }
}
