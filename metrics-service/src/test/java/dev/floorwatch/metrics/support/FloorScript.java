package dev.floorwatch.metrics.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.domain.Agent;
import dev.floorwatch.metrics.domain.ApplyPlanner;
import dev.floorwatch.metrics.domain.Conversation;
import dev.floorwatch.metrics.domain.MetricsKeys;
import dev.floorwatch.metrics.domain.Visitor;

/** Builds canonical events of one tenant at wall-clock times of one day, for scripted floors. */
public final class FloorScript {

    public static final String TENANT = "acme";
    public static final Set<String> RISK_TAGS = Set.of("complaint", "refund", "fraud", "exposure", "risk");

    private final String day;
    private final List<EventEnvelope> events = new ArrayList<>();
    private int sequence;

    public FloorScript(String day) {
        this.day = day;
    }

    public List<EventEnvelope> events() {
        return List.copyOf(events);
    }

    /** A time of the script's day ({@code 09:01:05}), or a full instant ({@code 2026-11-26T09:01:05Z}). */
    public Instant at(String time) {
        return time.contains("T") ? Instant.parse(time) : Instant.parse(day + "T" + time + "Z");
    }

    public FloorScript agent(String time, String agent, String status, Integer maxConcurrency, String... groups) {
        ObjectNode data = data().put("status", status);
        if (maxConcurrency != null) {
            data.put("maxConcurrency", maxConcurrency);
        }
        var list = data.putArray("skillGroups");
        for (String group : groups) {
            list.add(group);
        }
        return add(time, "agent.status", null, null, null, agent, null, data);
    }

    public FloorScript visitorOnline(String time, String visitor, String channel, String tier) {
        ObjectNode data = data();
        if (tier != null) {
            data.put("valueTier", tier);
        }
        return add(time, "visitor.online", channel, null, visitor, null, null, data);
    }

    public FloorScript visitorOffline(String time, String visitor, String channel) {
        return add(time, "visitor.offline", channel, null, visitor, null, null, data());
    }

    public FloorScript started(String time, String conversation, String channel, String visitor, String tier) {
        ObjectNode data = data().put("initiator", "visitor");
        if (tier != null) {
            data.put("valueTier", tier);
        }
        return add(time, "conversation.started", channel, conversation, visitor, null, null, data);
    }

    public FloorScript queued(String time, String conversation, String channel, String group) {
        return add(time, "conversation.queued", channel, conversation, null, null, group, data().put("reason", "new"));
    }

    public FloorScript assigned(String time, String conversation, String channel, String agent, String group) {
        return add(time, "conversation.assigned", channel, conversation, null, agent, group, data());
    }

    public FloorScript transferred(String time, String conversation, String channel, String from, String to,
            String agent, String group) {
        return add(time, "conversation.transferred", channel, conversation, null, agent, group,
                data().put("from", from).put("to", to));
    }

    public FloorScript message(String time, String conversation, String sender, String agent, String text) {
        return add(time, "message.created", null, conversation, null, agent, null,
                data().put("sender", sender).put("text", text));
    }

    public FloorScript rated(String time, String conversation, String channel, int score) {
        return add(time, "conversation.rated", channel, conversation, null, null, null, data().put("score", score));
    }

    public FloorScript closed(String time, String conversation, String channel) {
        return add(time, "conversation.closed", channel, conversation, null, null, null, data().put("resolved", true));
    }

    public FloorScript abandoned(String time, String conversation, String channel) {
        return add(time, "conversation.abandoned", channel, conversation, null, null, null, data());
    }

    public FloorScript tagged(String time, String conversation, String channel, String... tags) {
        ObjectNode data = data();
        var list = data.putArray("tags");
        for (String tag : tags) {
            list.add(tag);
        }
        return add(time, "conversation.tagged", channel, conversation, null, null, null, data);
    }

    private FloorScript add(String time, String type, String channel, String conversation, String visitor, String agent,
            String group, ObjectNode data) {
        Instant when = at(time);
        events.add(new EventEnvelope(1, "ev-" + (++sequence), TENANT, type, when, when, channel, conversation, visitor,
                agent, group, data));
        return this;
    }

    private static ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Plans and applies events through the real planner, loading states from the store as the service does. */
    public static int replay(List<EventEnvelope> events, InMemoryLive live, ApplyPlanner planner, Instant now) {
        return live.apply(plan(TENANT, events, live, planner, now));
    }

    /** The plan the service would make for {@code events} as {@code tenant}'s, loading states from {@code live}. */
    public static ApplyPlanner.TenantPlan plan(String tenant, List<EventEnvelope> events, InMemoryLive live, ApplyPlanner planner,
            Instant now) {
        ApplyPlanner.Subjects subjects = ApplyPlanner.subjectsOf(events);
        Map<String, Conversation> conversations = new HashMap<>();
        subjects.conversations().forEach(id -> conversations.put(id,
                Conversation.fromHash(id, live.hash(MetricsKeys.conversation(tenant, id)))));
        Map<String, Visitor> visitors = new HashMap<>();
        subjects.visitors().forEach(id -> visitors.put(id, Visitor.fromHash(id, live.hash(MetricsKeys.visitor(tenant, id)))));
        Map<String, Agent> agents = new HashMap<>();
        subjects.agents().forEach(id -> agents.put(id, Agent.fromHash(id, live.hash(MetricsKeys.agent(tenant, id)))));
        List<EventEnvelope> unseen = events.stream()
                .filter(e -> !live.wasSeen(tenant, e.id())).toList();
        return planner.plan(tenant, unseen, new ApplyPlanner.Loaded(conversations, visitors, agents), now.toEpochMilli());
    }

    /** The same events, each {@code shift} later (to replay a script as if it just happened). */
    public static List<EventEnvelope> shifted(List<EventEnvelope> events, Duration shift) {
        return events.stream().map(e -> new EventEnvelope(e.schema(), e.id(), e.tenant(), e.type(),
                e.occurredAt().plus(shift), e.receivedAt().plus(shift), e.channel(), e.conversationId(), e.visitorId(),
                e.agentId(), e.skillGroup(), e.data())).toList();
    }

    public static ApplyPlanner planner() {
        return new ApplyPlanner(RISK_TAGS, Duration.ofHours(25), Duration.ofHours(24));
    }
}
