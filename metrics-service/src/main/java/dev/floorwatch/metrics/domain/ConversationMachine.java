package dev.floorwatch.metrics.domain;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.events.EventType;
import dev.floorwatch.metrics.domain.Conversation.State;

/**
 * The conversation state machine of METRICS.md, tolerant of duplicates and reordering
 * (EVENTS.md): a state event older than the one that set the current state does not move it;
 * a closed or abandoned conversation never reopens; clocks take the earliest (or latest) event
 * time whatever the arrival order.
 */
public final class ConversationMachine {

    private final Set<String> riskTags;

    /** {@code riskTags}: tags that flag a conversation as risky (lower case). */
    public ConversationMachine(Set<String> riskTags) {
        this.riskTags = riskTags;
    }

    /** The state after {@code event}; {@code before} is not changed. */
    public Conversation apply(Conversation before, EventEnvelope event) {
        Conversation c = before.copy();
        long at = event.occurredAt().toEpochMilli();
        EventType type = EventType.fromWireName(event.type()).orElseThrow();
        c.lastEventAt = Fields.max(c.lastEventAt, at);
        c.openedAt = Fields.min(c.openedAt, at);
        if (c.channel == null) {
            c.channel = event.channel();
        }
        if (c.visitor == null) {
            c.visitor = event.visitorId();
        }
        JsonNode data = event.data();
        switch (type) {
            case CONVERSATION_STARTED -> {
                c.startedAt = Fields.min(c.startedAt, at);
                if (c.tier == null && data.hasNonNull("valueTier")) {
                    c.tier = data.get("valueTier").asText();
                }
                if (c.group == null) {
                    c.group = event.skillGroup();
                }
                if (c.state == null) {
                    c.state = State.STARTED;
                }
            }
            case CONVERSATION_QUEUED -> queue(c, at, event.skillGroup());
            case CONVERSATION_ASSIGNED -> assign(c, at, event.agentId(), event.skillGroup());
            case CONVERSATION_TRANSFERRED -> {
                String to = data.path("to").asText();
                if ("agent".equals(to) && event.agentId() != null) {
                    assign(c, at, event.agentId(), event.skillGroup());
                } else {
                    queue(c, at, event.skillGroup());
                }
            }
            case MESSAGE_CREATED -> message(c, at, data.path("sender").asText(), event.agentId());
            case CONVERSATION_RATED -> c.rating = data.path("score").asInt();
            case CONVERSATION_CLOSED -> end(c, at, State.CLOSED);
            case CONVERSATION_ABANDONED -> end(c, at, State.ABANDONED);
            case CONVERSATION_TAGGED -> {
                if (data.has("matched")) {
                    // A risk flag from alert-service: the matched words, and the rule's category as the tag.
                    data.path("matched").forEach(word -> c.riskWords.add(word.asText()));
                    data.path("tags").forEach(tag -> c.riskCategories.add(tag.asText().toLowerCase()));
                    break;
                }
                for (JsonNode tag : data.path("tags")) {
                    String name = tag.asText().toLowerCase();
                    if (riskTags.contains(name)) {
                        c.riskWords.add(tag.asText());
                        c.riskCategories.add(name);
                    }
                }
            }
            default -> {
                // visitor.* and agent.* events do not concern a conversation.
            }
        }
        if (c.state == null) {
            // First seen through a message or rating: it is open, not yet queued.
            c.state = State.STARTED;
        }
        return c;
    }

    private static boolean movesState(Conversation c, long at) {
        return c.state == null || !c.state.isTerminal() && (c.stateAt == null || at >= c.stateAt);
    }

    private static void queue(Conversation c, long at, String group) {
        regroup(c, at, group);
        // A transfer or re-queue does not reset the customer's wait: it lasts until an agent answers.
        // Late queue events still move the start of the wait back, unless an answer came after them.
        boolean answeredSince = c.lastAgentMessageAt != null && c.lastAgentMessageAt >= at;
        if (!answeredSince) {
            c.waitSince = Fields.min(c.waitSince, at);
        }
        if (!movesState(c, at)) {
            return;
        }
        c.state = State.QUEUED;
        c.stateAt = at;
        c.agent = null;
    }

    private static void assign(Conversation c, long at, String agent, String group) {
        // The first assignment is a clock of the conversation's history, whatever arrives when.
        c.firstAssignedAt = Fields.min(c.firstAssignedAt, at);
        regroup(c, at, group);
        if (!movesState(c, at)) {
            return;
        }
        c.state = State.ASSIGNED;
        c.stateAt = at;
        c.agent = agent;
        c.assignedAt = at;
    }

    /** A conversation's skill group is the one of its latest queue or assignment (METRICS.md). */
    private static void regroup(Conversation c, long at, String group) {
        if (group != null && (c.groupAt == null || at >= c.groupAt)) {
            c.group = group;
            c.groupAt = at;
        }
    }

    private static void message(Conversation c, long at, String sender, String agent) {
        String side = switch (sender) {
            case "visitor" -> "visitor";
            case "agent", "bot" -> "responder";
            default -> null;
        };
        if (side != null && !side.equals(c.lastSide)) {
            c.turns++;
            c.lastSide = side;
        }
        if ("visitor".equals(sender)) {
            boolean alreadyAnswered = c.lastAgentMessageAt != null && at <= c.lastAgentMessageAt;
            if (!alreadyAnswered) {
                c.unansweredSince = Fields.min(c.unansweredSince, at);
            }
        } else if ("agent".equals(sender)) {
            if (c.firstAgentMessageAt == null || at < c.firstAgentMessageAt) {
                c.firstAgentMessageAt = at;
                c.firstResponder = agent;
            }
            c.lastAgentMessageAt = Fields.max(c.lastAgentMessageAt, at);
            if (c.unansweredSince != null && c.unansweredSince <= at) {
                c.unansweredSince = null;
            }
            if (c.waitSince != null && c.waitSince <= at) {
                c.waitSince = null;
            }
        }
        // Bot and system messages are never a response.
    }

    private static void end(Conversation c, long at, State terminal) {
        if (c.state != null && c.state.isTerminal()) {
            return;
        }
        c.state = terminal;
        c.stateAt = at;
        c.endedAt = at;
    }
}
