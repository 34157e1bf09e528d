package dev.floorwatch.metrics.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The overview document of METRICS.md; the JSON names are the contract. Nulls are written as null. */
@JsonPropertyOrder({ "tenant", "at", "traffic", "queue", "agents", "response", "quality", "channels", "skillGroups",
        "channelGroups" })
public record Overview(String tenant, String at, Traffic traffic, Queue queue, Agents agents, Response response,
        Quality quality, List<ChannelRow> channels, List<SkillGroupRow> skillGroups, List<ChannelGroupRow> channelGroups) {

    /** The same numbers stamped with another time. */
    public Overview at(String otherAt) {
        return new Overview(tenant, otherAt, traffic, queue, agents, response, quality, channels, skillGroups, channelGroups);
    }

    public record Traffic(long onlineVisitors, long openConversations, long startedLast60m) {
    }

    public record Queue(long length, long longestWaitSeconds, long slaBreaches, long highValueWaiting, long abandonedLast60m) {
    }

    public record Agents(long online, long busy, long idle, long away, double load, long saturated) {
    }

    public record Response(Double firstResponseAvgSeconds, Double firstResponseP90Seconds, long unanswered, long silentAgents) {
    }

    public record Quality(long negativeRatingsLast60m, long riskConversations, long botTransfersLast60m) {
    }

    public record ChannelRow(String channel, long onlineVisitors, long openConversations, long queued, long slaBreaches,
            long startedLast60m) {
    }

    public record SkillGroupRow(String skillGroup, long onlineAgents, long openConversations, long queued,
            long longestWaitSeconds, Double firstResponseAvgSeconds) {
    }

    public record ChannelGroupRow(String group, long onlineVisitors, long startedLast60m, Double initiationRate, long queued,
            Double highValueShare, long riskConversations, Double refundShare) {
    }
}
