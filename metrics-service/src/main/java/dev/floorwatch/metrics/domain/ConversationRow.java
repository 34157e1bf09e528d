package dev.floorwatch.metrics.domain;

import java.time.Instant;
import java.util.List;

/**
 * One line of the live conversation list, the drill-down behind every number: what state, where,
 * who, how long the customer waits (queued) or goes unanswered (assigned), and risk flags.
 */
public record ConversationRow(String conversationId, String state, String channel, String skillGroup, String agentId,
        String visitorId, String valueTier, Long waitSeconds, Long unansweredSeconds, int turns, String openedAt,
        Integer rating, boolean risk, List<String> matched) {

    public static ConversationRow of(Conversation c, long now) {
        Long wait = null;
        if (c.state == Conversation.State.QUEUED) {
            long since = c.waitSince != null ? c.waitSince : c.stateAt;
            wait = Math.max(0, (now - since) / 1000);
        }
        Long unanswered = c.state == Conversation.State.ASSIGNED && c.unansweredSince != null
                ? Math.max(0, (now - c.unansweredSince) / 1000)
                : null;
        return new ConversationRow(c.id, c.state == null ? null : c.state.name().toLowerCase(), c.channel, c.group,
                c.agent, c.visitor, c.tier, wait, unanswered, c.turns,
                c.openedAt == null ? null : Instant.ofEpochMilli(c.openedAt).toString(), c.rating,
                !c.riskWords.isEmpty(), List.copyOf(c.riskWords));
    }

    /** How long the customer has been left waiting, either way; orders the list. */
    public long waitingSeconds() {
        return Math.max(waitSeconds == null ? 0 : waitSeconds, unansweredSeconds == null ? 0 : unansweredSeconds);
    }
}
