package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live state of one conversation, as kept in its Redis hash. Times are epoch milliseconds of
 * event time ({@code occurredAt}). Mutable on purpose: {@link ConversationMachine} works on a copy.
 */
public final class Conversation {

    public enum State {
        STARTED, QUEUED, ASSIGNED, CLOSED, ABANDONED;

        boolean isTerminal() {
            return this == CLOSED || this == ABANDONED;
        }
    }

    final String id;
    State state;
    String channel;
    String group;
    Long groupAt;
    String agent;
    String tier;
    String visitor;
    /** First time any event of it was seen; orders the open set. */
    Long openedAt;
    /** Time of {@code conversation.started}; only real starts count in {@code startedLast60m}. */
    Long startedAt;
    /** Time of the event that set {@link #state}; older state events arriving later do not move it. */
    Long stateAt;
    /** Since when the customer waits for a human: kept across re-queues until an agent answers. */
    Long waitSince;
    Long assignedAt;
    Long firstAssignedAt;
    Long firstAgentMessageAt;
    String firstResponder;
    Long lastAgentMessageAt;
    /** Earliest visitor message not yet followed by an agent message. */
    Long unansweredSince;
    Long endedAt;
    Long lastEventAt;
    int turns;
    String lastSide;
    Integer rating;
    final Set<String> riskWords = new LinkedHashSet<>();
    final Set<String> riskCategories = new LinkedHashSet<>();

    public Conversation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public boolean isOpen() {
        return state != null && !state.isTerminal();
    }

    /** The first response time in milliseconds, when both ends are known (never negative). */
    public Long firstResponseMillis() {
        if (firstAgentMessageAt == null || firstAssignedAt == null) {
            return null;
        }
        return Math.max(0, firstAgentMessageAt - firstAssignedAt);
    }

    /** A field-by-field copy (the planner copies a state per event: no string round trip). */
    public Conversation copy() {
        Conversation c = new Conversation(id);
        c.state = state;
        c.channel = channel;
        c.group = group;
        c.groupAt = groupAt;
        c.agent = agent;
        c.tier = tier;
        c.visitor = visitor;
        c.openedAt = openedAt;
        c.startedAt = startedAt;
        c.stateAt = stateAt;
        c.waitSince = waitSince;
        c.assignedAt = assignedAt;
        c.firstAssignedAt = firstAssignedAt;
        c.firstAgentMessageAt = firstAgentMessageAt;
        c.firstResponder = firstResponder;
        c.lastAgentMessageAt = lastAgentMessageAt;
        c.unansweredSince = unansweredSince;
        c.endedAt = endedAt;
        c.lastEventAt = lastEventAt;
        c.turns = turns;
        c.lastSide = lastSide;
        c.rating = rating;
        c.riskWords.addAll(riskWords);
        c.riskCategories.addAll(riskCategories);
        return c;
    }

    public Map<String, String> toHash() {
        Map<String, String> f = new LinkedHashMap<>();
        Fields.put(f, "state", state == null ? null : state.name().toLowerCase());
        Fields.put(f, "channel", channel);
        Fields.put(f, "group", group);
        Fields.put(f, "groupAt", groupAt);
        Fields.put(f, "agent", agent);
        Fields.put(f, "tier", tier);
        Fields.put(f, "visitor", visitor);
        Fields.put(f, "openedAt", openedAt);
        Fields.put(f, "startedAt", startedAt);
        Fields.put(f, "stateAt", stateAt);
        Fields.put(f, "waitSince", waitSince);
        Fields.put(f, "assignedAt", assignedAt);
        Fields.put(f, "firstAssignedAt", firstAssignedAt);
        Fields.put(f, "firstAgentMessageAt", firstAgentMessageAt);
        Fields.put(f, "firstResponder", firstResponder);
        Fields.put(f, "lastAgentMessageAt", lastAgentMessageAt);
        Fields.put(f, "unansweredSince", unansweredSince);
        Fields.put(f, "endedAt", endedAt);
        Fields.put(f, "lastEventAt", lastEventAt);
        Fields.put(f, "turns", turns);
        Fields.put(f, "lastSide", lastSide);
        Fields.put(f, "rating", rating);
        if (!riskWords.isEmpty()) {
            f.put("riskWords", String.join("\u001f", riskWords));
        }
        if (!riskCategories.isEmpty()) {
            f.put("riskCategories", String.join("\u001f", riskCategories));
        }
        return f;
    }

    public static Conversation fromHash(String id, Map<String, String> f) {
        Conversation c = new Conversation(id);
        String state = f.get("state");
        c.state = state == null ? null : State.valueOf(state.toUpperCase());
        c.channel = f.get("channel");
        c.group = f.get("group");
        c.groupAt = Fields.time(f, "groupAt");
        c.agent = f.get("agent");
        c.tier = f.get("tier");
        c.visitor = f.get("visitor");
        c.openedAt = Fields.time(f, "openedAt");
        c.startedAt = Fields.time(f, "startedAt");
        c.stateAt = Fields.time(f, "stateAt");
        c.waitSince = Fields.time(f, "waitSince");
        c.assignedAt = Fields.time(f, "assignedAt");
        c.firstAssignedAt = Fields.time(f, "firstAssignedAt");
        c.firstAgentMessageAt = Fields.time(f, "firstAgentMessageAt");
        c.firstResponder = f.get("firstResponder");
        c.lastAgentMessageAt = Fields.time(f, "lastAgentMessageAt");
        c.unansweredSince = Fields.time(f, "unansweredSince");
        c.endedAt = Fields.time(f, "endedAt");
        c.lastEventAt = Fields.time(f, "lastEventAt");
        Integer turns = Fields.integer(f, "turns");
        c.turns = turns == null ? 0 : turns;
        c.lastSide = f.get("lastSide");
        c.rating = Fields.integer(f, "rating");
        split(f.get("riskWords"), c.riskWords);
        split(f.get("riskCategories"), c.riskCategories);
        return c;
    }

    /** Entries this state puts in the tenant's sorted sets (docs/architecture.md, metrics keys). */
    public List<IndexEntry> indexEntries() {
        List<IndexEntry> entries = new ArrayList<>();
        if (isOpen()) {
            long opened = openedAt == null ? 0 : openedAt;
            entries.add(new IndexEntry("open", id, opened));
            if (channel != null) {
                entries.add(new IndexEntry("open:ch:" + channel, id, opened));
            }
            if (group != null) {
                entries.add(new IndexEntry("open:grp:" + group, id, opened));
            }
            if (!riskWords.isEmpty()) {
                entries.add(new IndexEntry("risk", id, opened));
                if (channel != null) {
                    entries.add(new IndexEntry("risk:ch:" + channel, id, opened));
                }
            }
        }
        if (state == State.QUEUED) {
            // An answer while queued ends the wait; the conversation then waits since it was queued.
            long since = waitSince != null ? waitSince : stateAt;
            entries.add(new IndexEntry("queue", id, since));
            if (channel != null) {
                entries.add(new IndexEntry("queue:ch:" + channel, id, since));
            }
            if (group != null) {
                entries.add(new IndexEntry("queue:grp:" + group, id, since));
            }
            if (Tiers.isHighValue(tier)) {
                entries.add(new IndexEntry("queue:hv", id, since));
            }
        }
        if (state == State.ASSIGNED && agent != null) {
            long assigned = assignedAt == null ? 0 : assignedAt;
            entries.add(new IndexEntry("assigned", id, assigned));
            entries.add(new IndexEntry("a:" + agent + ":convs", id, assigned));
            if (unansweredSince != null) {
                entries.add(new IndexEntry("unans", id, unansweredSince));
                entries.add(new IndexEntry("a:" + agent + ":unans", id, unansweredSince));
            }
        }
        // History: stays after the conversation ends, trimmed by age.
        if (startedAt != null) {
            entries.add(new IndexEntry("started", id, startedAt));
            if (channel != null) {
                entries.add(new IndexEntry("started:ch:" + channel, id, startedAt));
                if (Tiers.isHighValue(tier)) {
                    entries.add(new IndexEntry("started:hv:ch:" + channel, id, startedAt));
                }
                if (riskCategories.contains("refund")) {
                    entries.add(new IndexEntry("started:refund:ch:" + channel, id, startedAt));
                }
            }
        }
        if (state == State.ABANDONED && endedAt != null) {
            entries.add(new IndexEntry("abandoned", id, endedAt));
        }
        Long frt = firstResponseMillis();
        if (frt != null) {
            entries.add(new IndexEntry("frt", FirstResponse.member(frt, group, firstResponder, id), firstAgentMessageAt));
        }
        return entries;
    }

    private static void split(String joined, Set<String> into) {
        if (joined != null && !joined.isEmpty()) {
            into.addAll(List.of(joined.split("\u001f")));
        }
    }
}
