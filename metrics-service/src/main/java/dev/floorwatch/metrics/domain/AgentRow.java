package dev.floorwatch.metrics.domain;

import java.time.Instant;
import java.util.List;

/** One agent of the agents list: status, load against max concurrency, oldest unanswered, first response average. */
public record AgentRow(String agentId, String status, String since, List<String> skillGroups, long openConversations,
        int maxConcurrency, boolean saturated, Long oldestUnansweredSeconds, Double firstResponseAvgSeconds) {

    public static AgentRow of(Agent agent, long open, int defaultMax, Long oldestUnansweredSince, Double frtAvg, long now) {
        int max = agent.maxConcurrency == null ? defaultMax : agent.maxConcurrency;
        return new AgentRow(agent.id, agent.status, agent.statusAt == null ? null : Instant.ofEpochMilli(agent.statusAt).toString(),
                agent.groups, open, max, agent.isOnline() && open >= max,
                oldestUnansweredSince == null ? null : Math.max(0, (now - oldestUnansweredSince) / 1000), frtAvg);
    }
}
