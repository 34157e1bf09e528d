package dev.floorwatch.ingest.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a Chatwoot webhook payload becomes in the envelope of EVENTS.md.
 *
 * <p>Chatwoot sends snapshots of a conversation (status, assignee, team), not transitions, and its
 * {@code changed_attributes} may be null. So transitions are derived by comparing the snapshot
 * with what Floorwatch last knew ({@link ConversationState}): {@code pending} is the bot's,
 * {@code pending → open} a bot hand-off, an assignee appearing an assignment, {@code resolved}
 * and {@code snoozed} end the conversation (a snoozed one is not waiting for a human). A
 * conversation reopened after that is a new cycle with its own id ({@code …-r2}), because a closed
 * conversation is never reopened downstream. Every payload that carries a conversation snapshot —
 * messages too — moves the state, so a tenant that subscribed only to messages still gets them.
 *
 * <p>Event ids come from the state's sequence number and the transition kind, so two deliveries
 * that derive the same transition from the same state produce the same id (dropped as duplicate).
 */
public final class ChatwootEvents {

    /** Events that carry nothing for the floor; acknowledged and not counted as rejects. */
    public static final Set<String> IGNORED = Set.of("conversation_typing_on", "conversation_typing_off",
            "contact_created", "contact_updated", "conversation_opened", "conversation_resolved");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final Map<String, String> CHANNELS = Map.ofEntries(
            Map.entry("Channel::WebWidget", "web"), Map.entry("Channel::Api", "api"),
            Map.entry("Channel::Whatsapp", "whatsapp"), Map.entry("Channel::FacebookPage", "facebook"),
            Map.entry("Channel::Instagram", "instagram"), Map.entry("Channel::Email", "email"),
            Map.entry("Channel::Sms", "sms"), Map.entry("Channel::TwilioSms", "sms"),
            Map.entry("Channel::Telegram", "telegram"), Map.entry("Channel::Line", "line"),
            Map.entry("Channel::TwitterProfile", "twitter"), Map.entry("Channel::Tiktok", "tiktok"));

    /** Floorwatch's phase of a conversation, from the Chatwoot statuses it saw. */
    public enum Phase {
        BOT, WAITING, ASSIGNED, ENDED
    }

    /**
     * What Floorwatch knows of one Chatwoot conversation: its cycle (1, then 2 after a reopen…),
     * phase, human assignee, team, channel and the number of transitions emitted so far.
     */
    public record ConversationState(int cycle, Phase phase, String assignee, String team, String channel,
            String visitor, int seq) {
    }

    public enum Kind {
        /** Mapped to zero or more envelopes (zero when nothing changed). */
        MAPPED,
        /** A known event that carries nothing for the floor. */
        IGNORED,
        /** An event this version does not know; acknowledged and recorded as a reject. */
        UNKNOWN,
        /** A known event whose payload cannot be mapped; acknowledged and recorded as a reject. */
        INVALID
    }

    /**
     * The result of one payload: envelopes to ingest, the conversation ({@code display id}) the
     * state belongs to, and its next state ({@code null} when the payload has no conversation).
     */
    public record Outcome(Kind kind, String reason, String conversation, ConversationState next,
            List<ObjectNode> envelopes) {

        static Outcome of(Kind kind, String reason) {
            return new Outcome(kind, reason, null, null, List.of());
        }
    }

    private ChatwootEvents() {
    }

    /** The display id of the conversation a payload concerns, or {@code null}: the key of its state. */
    public static String conversationOf(JsonNode payload) {
        String event = payload.path("event").asText("");
        JsonNode conversation = event.startsWith("conversation_") ? payload
                : event.startsWith("message_") ? payload.path("conversation") : null;
        if (conversation == null || !conversation.path("id").canConvertToLong()) {
            return null;
        }
        return conversation.path("id").asText();
    }

    /**
     * Maps one payload of Chatwoot account {@code account} given the conversation's known state
     * ({@code null} when never seen). {@code receivedAt} stands in for missing times.
     */
    public static Outcome map(JsonNode payload, String account, ConversationState known, Instant receivedAt) {
        String event = payload.path("event").asText("");
        if (IGNORED.contains(event)) {
            return Outcome.of(Kind.IGNORED, event + " carries nothing for the floor");
        }
        try {
            return switch (event) {
                case "webwidget_triggered" -> widget(payload, account, receivedAt);
                case "conversation_created", "conversation_status_changed", "conversation_updated" ->
                        conversation(payload, account, known, receivedAt);
                case "message_created", "message_updated" -> message(payload, event, account, known, receivedAt);
                case "" -> Outcome.of(Kind.INVALID, "no 'event' field");
                default -> Outcome.of(Kind.UNKNOWN, "unknown event " + event);
            };
        } catch (Unmappable e) {
            return Outcome.of(Kind.INVALID, event + ": " + e.getMessage());
        }
    }

    private static Outcome widget(JsonNode payload, String account, Instant receivedAt) {
        String contact = text(payload.path("contact"), "id");
        if (contact == null) {
            contact = text(payload, "contact_id");
        }
        if (contact == null) {
            throw new Unmappable("no contact id");
        }
        String visitor = "cw-" + account + "-" + contact;
        ObjectNode online = JSON.objectNode()
                .put("id", "cw-" + account + "-widget-" + contact + "-" + receivedAt.getEpochSecond())
                .put("type", "visitor.online").put("occurredAt", receivedAt.toString())
                .put("channel", "web").put("visitorId", visitor);
        ObjectNode data = online.putObject("data");
        String referer = text(payload.path("event_info"), "referer");
        if (referer != null) {
            data.put("page", referer.length() > 512 ? referer.substring(0, 512) : referer);
        }
        return new Outcome(Kind.MAPPED, null, null, null, List.of(online));
    }

    private static Outcome conversation(JsonNode payload, String account, ConversationState known, Instant receivedAt) {
        String display = required(payload, "id");
        Instant at = time(payload, receivedAt, "updated_at", "timestamp", "created_at");
        Derivation d = new Derivation(account, display, known, at);
        d.apply(payload);
        return d.outcome();
    }

    private static Outcome message(JsonNode payload, String event, String account, ConversationState known,
            Instant receivedAt) {
        JsonNode conversation = payload.path("conversation");
        String display = required(conversation, "id");
        Instant at = time(payload, receivedAt, "created_at");
        Derivation d = new Derivation(account, display, known, at);
        d.apply(conversation);
        String messageId = required(payload, "id");
        if (event.equals("message_updated")) {
            JsonNode csat = payload.path("content_attributes").path("submitted_values").path("csat_survey_response");
            if (csat.path("rating").canConvertToInt()) {
                int score = csat.path("rating").asInt();
                if (score < 1 || score > 5) {
                    throw new Unmappable("CSAT rating " + score + " is outside 1..5");
                }
                ObjectNode rated = d.envelope("cw-" + account + "-csat-" + messageId, "conversation.rated",
                        time(payload, receivedAt, "updated_at", "created_at"));
                ObjectNode data = rated.putObject("data").put("score", score);
                String comment = text(csat, "feedback_message");
                if (comment != null && !comment.isBlank()) {
                    data.put("comment", comment);
                }
                d.out.add(rated);
            }
            // Other edits (content changes, delivery status) do not move the floor.
            return d.outcome();
        }
        if (payload.path("private").asBoolean(false)) {
            return d.outcome();
        }
        String type = payload.path("message_type").asText("");
        String sender = switch (type) {
            case "incoming", "0" -> "visitor";
            case "outgoing", "1" -> senderOf(payload.path("sender"));
            default -> null; // activity and template messages are no one's answer
        };
        if (sender == null) {
            return d.outcome();
        }
        ObjectNode message = d.envelope("cw-" + account + "-msg-" + messageId, "message.created", at);
        if (sender.equals("agent")) {
            message.put("agentId", required(payload.path("sender"), "id"));
        }
        String content = payload.path("content").asText("");
        message.putObject("data").put("sender", sender).put("text", clipUtf8(content, 8 * 1024));
        d.out.add(message);
        return d.outcome();
    }

    private static String senderOf(JsonNode sender) {
        return switch (sender.path("type").asText("")) {
            case "user" -> "agent";
            case "agent_bot", "captain_assistant" -> "bot";
            // An outgoing message without a sender is an automation or campaign: not an answer.
            default -> "system";
        };
    }

    /** Derives the transitions one conversation snapshot makes from the known state. */
    private static final class Derivation {
        private final String account;
        private final String display;
        private final Instant at;
        private final List<ObjectNode> out = new ArrayList<>();
        private ConversationState state;

        Derivation(String account, String display, ConversationState known, Instant at) {
            this.account = account;
            this.display = display;
            this.state = known;
            this.at = at;
        }

        void apply(JsonNode conversation) {
            String status = conversation.path("status").asText("");
            JsonNode meta = conversation.path("meta");
            String assignee = humanAssignee(meta);
            String team = text(meta.path("team"), "name");
            String channel = channel(conversation.path("channel").asText(""));
            String visitor = text(meta.path("sender"), "id");
            Phase target = switch (status) {
                case "pending" -> Phase.BOT;
                case "open" -> assignee == null ? Phase.WAITING : Phase.ASSIGNED;
                case "resolved", "snoozed" -> Phase.ENDED;
                // A message's embedded conversation may lack a status: it moves nothing.
                default -> null;
            };
            if (target == null) {
                if (state == null) {
                    state = new ConversationState(1, null, null, team, channel,
                            visitor == null ? null : "cw-" + account + "-" + visitor, 0);
                }
                return;
            }
            if (state == null || state.phase() == Phase.ENDED && target != Phase.ENDED) {
                if (state == null && target == Phase.ENDED) {
                    // First seen already over: nothing happened on this floor.
                    state = new ConversationState(1, Phase.ENDED, assignee, team, channel, null, 0);
                    return;
                }
                int cycle = state == null ? 1 : state.cycle() + 1;
                state = new ConversationState(cycle, null, null, team, channel,
                        visitor == null ? null : "cw-" + account + "-" + visitor, 0);
                ObjectNode started = emit("started", "conversation.started");
                started.putObject("data").put("initiator", "visitor");
            }
            if (team != null && !team.equals(state.team())) {
                boolean waiting = state.phase() == Phase.WAITING && target == Phase.WAITING;
                state = with(state.phase(), state.assignee(), team);
                if (waiting) {
                    ObjectNode moved = emit("team", "conversation.transferred");
                    moved.putObject("data").put("from", "group").put("to", "group");
                }
            }
            Phase from = state.phase();
            String previous = state.assignee();
            switch (target) {
                case BOT -> state = with(Phase.BOT, null, state.team());
                case WAITING -> {
                    if (from == Phase.BOT) {
                        state = with(Phase.WAITING, null, state.team());
                        emit("handoff", "conversation.transferred").putObject("data").put("from", "bot").put("to", "queue");
                    } else if (from == Phase.ASSIGNED) {
                        state = with(Phase.WAITING, null, state.team());
                        emit("unassigned", "conversation.transferred").putObject("data").put("from", "agent").put("to", "queue")
                                .put("fromAgentId", previous);
                    } else if (from == null) {
                        state = with(Phase.WAITING, null, state.team());
                        emit("queued", "conversation.queued").putObject("data").put("reason", "new");
                    }
                }
                case ASSIGNED -> {
                    if (from == Phase.ASSIGNED && assignee.equals(previous)) {
                        break;
                    }
                    if (from == Phase.BOT) {
                        state = with(Phase.WAITING, null, state.team());
                        emit("handoff", "conversation.transferred").putObject("data").put("from", "bot").put("to", "queue");
                    }
                    state = with(Phase.ASSIGNED, assignee, state.team());
                    if (from == Phase.ASSIGNED) {
                        ObjectNode moved = emit("assigned-" + assignee, "conversation.transferred").put("agentId", assignee);
                        moved.putObject("data").put("from", "agent").put("to", "agent").put("fromAgentId", previous);
                    } else {
                        emit("assigned-" + assignee, "conversation.assigned").put("agentId", assignee);
                    }
                }
                case ENDED -> {
                    if (from != Phase.ENDED) {
                        state = with(Phase.ENDED, state.assignee(), state.team());
                        boolean resolved = status.equals("resolved");
                        emit(resolved ? "resolved" : "snoozed", "conversation.closed").putObject("data")
                                .put("resolved", resolved).put("closedBy", resolved ? "chatwoot" : "snoozed");
                    }
                }
            }
        }

        private ConversationState with(Phase phase, String assignee, String team) {
            return new ConversationState(state.cycle(), phase, assignee, team, state.channel(), state.visitor(),
                    state.seq());
        }

        private ObjectNode emit(String kind, String type) {
            int seq = state.seq() + 1;
            state = new ConversationState(state.cycle(), state.phase(), state.assignee(), state.team(), state.channel(),
                    state.visitor(), seq);
            ObjectNode event = envelope("cw-" + account + "-" + display + "-" + state.cycle() + "-" + seq + "-" + kind, type, at);
            out.add(event);
            return event;
        }

        ObjectNode envelope(String id, String type, Instant when) {
            ObjectNode event = JSON.objectNode().put("id", id).put("type", type).put("occurredAt", when.toString())
                    .put("channel", state.channel() == null ? "chatwoot" : state.channel())
                    .put("conversationId", conversationId(account, display, state.cycle()));
            if (state.visitor() != null) {
                event.put("visitorId", state.visitor());
            }
            if (state.team() != null) {
                event.put("skillGroup", clip(state.team(), 64));
            }
            return event;
        }

        Outcome outcome() {
            return new Outcome(Kind.MAPPED, null, display, state, List.copyOf(out));
        }
    }

    /** Floorwatch's conversation id: scoped by account, one per cycle. */
    public static String conversationId(String account, String display, int cycle) {
        return "cw-" + account + "-" + display + (cycle > 1 ? "-r" + cycle : "");
    }

    /** Our channel name for an inbox's {@code Channel::…} type. */
    public static String channel(String chatwootType) {
        String known = CHANNELS.get(chatwootType);
        if (known != null) {
            return known;
        }
        String name = chatwootType.replace("Channel::", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return name.isEmpty() ? "chatwoot" : clip(name, 32);
    }

    /** The assignee when it is a person: an agent bot holding a conversation is not staff. */
    private static String humanAssignee(JsonNode meta) {
        if ("AgentBot".equals(meta.path("assignee_type").asText())) {
            return null;
        }
        JsonNode assignee = meta.path("assignee");
        if (!assignee.isObject() || "agent_bot".equals(assignee.path("type").asText())) {
            return null;
        }
        return text(assignee, "id");
    }

    /** Chatwoot's times: unix seconds (possibly fractional) on conversations, ISO 8601 on messages. */
    static Instant time(JsonNode node, Instant fallback, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            if (value.isNumber() && value.asDouble() > 0) {
                BigDecimal seconds = value.decimalValue();
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            if (value.isTextual()) {
                try {
                    return Instant.parse(value.asText());
                } catch (DateTimeParseException e) {
                    // Try the next field.
                }
            }
        }
        return fallback;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new Unmappable("no " + field);
        }
        return value;
    }

    /** The longest prefix of whole code points that fits {@code maxBytes} of UTF-8 (the envelope's text limit). */
    static String clipUtf8(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static final class Unmappable extends RuntimeException {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }
}
