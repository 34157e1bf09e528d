package dev.floorwatch.metrics.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.events.EventType;

/**
 * Turns a tenant's events into Redis commands. For each event it takes the subject's current
 * state (conversation, visitor or agent), runs the state machine, and emits: the new state hash,
 * the difference between the old and new {@link IndexEntry index entries}, and signal counters.
 * Events are planned in order on in-memory states, so several events of one conversation in one
 * batch see each other. Each event's commands are applied atomically with its idempotency mark
 * (see {@code store/LiveStateWriter}). Pure: no I/O.
 */
public final class ApplyPlanner {

    /** One Redis command with its arguments, keys absolute. */
    public record RedisOp(List<String> args) {
        static RedisOp of(String... args) {
            return new RedisOp(List.of(args));
        }
    }

    /** The commands of one event, applied only if the event has no idempotency mark yet. */
    public record EventPlan(String eventId, List<RedisOp> ops) {
    }

    /** A tenant's plans in event order, then housekeeping commands applied once. */
    public record TenantPlan(String tenant, List<EventPlan> events, List<RedisOp> housekeeping) {
    }

    /** The stored states of the subjects a batch touches (missing ones are new). */
    public record Loaded(Map<String, Conversation> conversations, Map<String, Visitor> visitors, Map<String, Agent> agents) {
    }

    /** Which stored states planning needs. */
    public record Subjects(Set<String> conversations, Set<String> visitors, Set<String> agents) {
    }

    private static final Duration OPEN_CONVERSATION_TTL = Duration.ofDays(7);
    private static final Duration AGENT_TTL = Duration.ofDays(30);
    private static final Duration PRESENCE_KEEP = Duration.ofHours(1);

    private final ConversationMachine conversations;
    private final Duration retention;
    private final Duration staleAfter;

    /**
     * @param retention how long history (started, abandoned, ratings, first responses…) and
     *                  ended conversations are kept: at least the 24 h of trends and dedup
     * @param staleAfter events older than this do not move live state (EVENTS.md: 24 h)
     */
    public ApplyPlanner(Set<String> riskTags, Duration retention, Duration staleAfter) {
        this.conversations = new ConversationMachine(riskTags);
        this.retention = retention;
        this.staleAfter = staleAfter;
    }

    public static Subjects subjectsOf(List<EventEnvelope> events) {
        Set<String> conversationIds = new LinkedHashSet<>();
        Set<String> visitorIds = new LinkedHashSet<>();
        Set<String> agentIds = new LinkedHashSet<>();
        for (EventEnvelope event : events) {
            EventType type = EventType.fromWireName(event.type()).orElseThrow();
            if (type.isVisitorEvent()) {
                visitorIds.add(event.visitorId());
            } else if (type == EventType.AGENT_STATUS) {
                agentIds.add(event.agentId());
            } else if (event.conversationId() != null) {
                conversationIds.add(event.conversationId());
            }
        }
        return new Subjects(conversationIds, visitorIds, agentIds);
    }

    /** Whether the event is too old to move live state; it is still acknowledged. */
    public boolean isStale(EventEnvelope event, long now) {
        return event.occurredAt().toEpochMilli() < now - staleAfter.toMillis();
    }

    public TenantPlan plan(String tenant, List<EventEnvelope> events, Loaded loaded, long now) {
        Map<String, Conversation> conversationStates = new HashMap<>(loaded.conversations());
        Map<String, Visitor> visitorStates = new HashMap<>(loaded.visitors());
        Map<String, Agent> agentStates = new HashMap<>(loaded.agents());
        Set<String> touchedHistory = new LinkedHashSet<>();
        List<EventPlan> plans = new ArrayList<>(events.size());
        Set<String> plannedIds = new java.util.HashSet<>();
        for (EventEnvelope event : events) {
            // A redelivered event may sit twice in one batch: plan it once.
            if (isStale(event, now) || !plannedIds.add(event.id())) {
                continue;
            }
            List<RedisOp> ops = new ArrayList<>();
            long at = event.occurredAt().toEpochMilli();
            EventType type = EventType.fromWireName(event.type()).orElseThrow();
            if (type.isVisitorEvent()) {
                Visitor before = visitorStates.computeIfAbsent(event.visitorId(), Visitor::new);
                Visitor after = before.apply(type == EventType.VISITOR_ONLINE, at, event.channel(),
                        text(event.data(), "valueTier"));
                writeHash(ops, MetricsKeys.visitor(tenant, after.id), before.toHash(), after.toHash(), retention);
                diff(tenant, before.indexEntries(), after.indexEntries(), ops, touchedHistory);
                visitorStates.put(after.id, after);
                if (type == EventType.VISITOR_ONLINE && event.channel() != null) {
                    signal(tenant, ops, touchedHistory, "seen:ch:" + event.channel(), event.visitorId(), at);
                }
            } else if (type == EventType.AGENT_STATUS) {
                Agent before = agentStates.computeIfAbsent(event.agentId(), Agent::new);
                Agent after = before.apply(at, text(event.data(), "status"), integer(event.data(), "maxConcurrency"),
                        strings(event.data(), "skillGroups"));
                writeHash(ops, MetricsKeys.agent(tenant, after.id), before.toHash(), after.toHash(), AGENT_TTL);
                diff(tenant, before.indexEntries(), after.indexEntries(), ops, touchedHistory);
                agentStates.put(after.id, after);
                after.groups.forEach(group -> signal(tenant, ops, touchedHistory, "groups", group, at));
            } else if (event.conversationId() != null) {
                Conversation before = conversationStates.computeIfAbsent(event.conversationId(), Conversation::new);
                Conversation after = conversations.apply(before, event);
                writeHash(ops, MetricsKeys.conversation(tenant, after.id), before.toHash(), after.toHash(),
                        after.isOpen() ? OPEN_CONVERSATION_TTL : retention);
                diff(tenant, before.indexEntries(), after.indexEntries(), ops, touchedHistory);
                conversationStates.put(after.id, after);
                conversationSignals(tenant, event, type, at, ops, touchedHistory);
                if (after.group != null) {
                    signal(tenant, ops, touchedHistory, "groups", after.group, at);
                }
            }
            if (event.channel() != null) {
                signal(tenant, ops, touchedHistory, "channels", event.channel(), at);
            }
            plans.add(new EventPlan(event.id(), ops));
        }
        return new TenantPlan(tenant, plans, housekeeping(tenant, touchedHistory, now));
    }

    private void conversationSignals(String tenant, EventEnvelope event, EventType type, long at, List<RedisOp> ops,
            Set<String> touched) {
        JsonNode data = event.data();
        if (type == EventType.CONVERSATION_RATED && data.path("score").asInt() <= 2) {
            signal(tenant, ops, touched, "neg", event.id(), at);
        } else if (type == EventType.CONVERSATION_TRANSFERRED && "bot".equals(data.path("from").asText())) {
            signal(tenant, ops, touched, "botx", event.id(), at);
        } else if (type == EventType.CONVERSATION_TAGGED) {
            Conversation probe = conversations.apply(new Conversation(event.conversationId()), event);
            if (!probe.riskWords.isEmpty()) {
                signal(tenant, ops, touched, "riskhits", event.id(), at);
            }
        }
    }

    /** An add-only entry (a counted signal or a registry), never lowered by a late event. */
    private static void signal(String tenant, List<RedisOp> ops, Set<String> touched, String key, String member, long at) {
        String absolute = MetricsKeys.index(tenant, key);
        ops.add(RedisOp.of("ZADD", absolute, "GT", Long.toString(at), member));
        touched.add(key);
    }

    /** Writes only the fields that changed: an event touches a few fields of a state. */
    private static void writeHash(List<RedisOp> ops, String key, Map<String, String> before, Map<String, String> after,
            Duration ttl) {
        List<String> set = new ArrayList<>();
        set.add("HSET");
        set.add(key);
        after.forEach((field, value) -> {
            if (!value.equals(before.get(field))) {
                set.add(field);
                set.add(value);
            }
        });
        List<String> removed = new ArrayList<>();
        removed.add("HDEL");
        removed.add(key);
        before.keySet().forEach(field -> {
            if (!after.containsKey(field)) {
                removed.add(field);
            }
        });
        if (set.size() > 2) {
            ops.add(new RedisOp(set));
        }
        if (removed.size() > 2) {
            ops.add(new RedisOp(removed));
        }
        if (!after.isEmpty()) {
            ops.add(RedisOp.of("EXPIRE", key, Long.toString(ttl.toSeconds())));
        }
    }

    static void diff(String tenant, List<IndexEntry> before, List<IndexEntry> after, List<RedisOp> ops, Set<String> touched) {
        Map<String, IndexEntry> old = bySlot(before);
        Map<String, IndexEntry> now = bySlot(after);
        old.forEach((slot, entry) -> {
            if (!now.containsKey(slot)) {
                ops.add(RedisOp.of("ZREM", MetricsKeys.index(tenant, entry.key()), entry.member()));
            }
        });
        now.forEach((slot, entry) -> {
            IndexEntry previous = old.get(slot);
            if (previous == null || previous.score() != entry.score()) {
                ops.add(RedisOp.of("ZADD", MetricsKeys.index(tenant, entry.key()), Long.toString(entry.score()), entry.member()));
            }
            touched.add(entry.key());
        });
    }

    private List<RedisOp> housekeeping(String tenant, Set<String> touched, long now) {
        List<RedisOp> ops = new ArrayList<>();
        for (String key : touched) {
            Duration keep = isHistory(key) ? retention : key.startsWith("vis") ? PRESENCE_KEEP : null;
            if (keep != null) {
                ops.add(RedisOp.of("ZREMRANGEBYSCORE", MetricsKeys.index(tenant, key), "-inf",
                        "(" + (now - keep.toMillis())));
            }
        }
        return ops;
    }

    private static boolean isHistory(String key) {
        return key.startsWith("started") || key.equals("abandoned") || key.equals("neg") || key.equals("botx")
                || key.equals("riskhits") || key.startsWith("seen:ch:") || key.equals("frt")
                || key.equals("channels") || key.equals("groups");
    }

    private static Map<String, IndexEntry> bySlot(List<IndexEntry> entries) {
        Map<String, IndexEntry> map = new LinkedHashMap<>();
        entries.forEach(entry -> map.put(entry.slot(), entry));
        return map;
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static List<String> strings(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        value.forEach(item -> list.add(item.asText()));
        return list;
    }
}
