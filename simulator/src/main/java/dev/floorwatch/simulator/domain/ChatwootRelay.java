package dev.floorwatch.simulator.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.Traffic.SimEvent;

/**
 * A simulated day as a tenant whose web chat runs on Chatwoot sees it: the web channel's
 * conversations arrive as the webhook payloads Chatwoot sends (conversation snapshots, messages,
 * CSAT), everything else — visitors, agents' status (Chatwoot's is polled, not pushed), other
 * channels — through the events API.
 *
 * <p>Chatwoot has no notion of an abandon, so a web conversation's abandon goes through the events
 * API under the id Floorwatch gives the Chatwoot conversation; web visitors' presence uses the
 * Chatwoot contact's visitor id, so presence and conversations stay linked.
 */
public final class ChatwootRelay {

    /** Where a delivery goes. */
    public enum Route {
        EVENTS, CHATWOOT
    }

    /** One delivery at simulated time {@code atMillis}: an event envelope, or a Chatwoot payload. */
    public record Delivery(long atMillis, Route route, ObjectNode body) {

        /** The body as sent: its times are {@code startMillis} + simulated time / speed. */
        public ObjectNode at(long startMillis, double speed) {
            if (route == Route.EVENTS) {
                return new SimEvent(atMillis, body).at(startMillis, speed);
            }
            ObjectNode copy = body.deepCopy();
            Instant when = Instant.ofEpochMilli(startMillis + (long) (atMillis / speed));
            if (copy.path("event").asText().startsWith("conversation_")) {
                // Conversation snapshots carry unix seconds, messages ISO 8601 (as Chatwoot sends them).
                BigDecimal seconds = BigDecimal.valueOf(when.toEpochMilli()).movePointLeft(3);
                copy.put("timestamp", seconds).put("updated_at", seconds);
            } else {
                copy.put("created_at", when.toString());
                if (copy.path("event").asText().equals("message_updated")) {
                    copy.put("updated_at", when.toString());
                }
            }
            return copy;
        }
    }

    public static final String CHANNEL = "web";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String account;
    private final Map<String, ChatThread> threads = new HashMap<>();
    private final Set<String> queuedAtOnce = new HashSet<>();
    private final List<Delivery> out = new ArrayList<>();
    private int displayIds;
    private int messageIds;

    /** Chatwoot's view of one web conversation: its display id, status and human assignee. */
    private static final class ChatThread {
        final int display;
        final String contact;
        final String team;
        String status;
        String assignee;

        ChatThread(int display, String contact, String team) {
            this.display = display;
            this.contact = contact;
            this.team = team;
        }
    }

    private ChatwootRelay(String account) {
        this.account = account;
    }

    /** The day's deliveries in order, web conversations through Chatwoot account {@code account}. */
    public static List<Delivery> relay(List<SimEvent> day, String account) {
        ChatwootRelay relay = new ChatwootRelay(account);
        // Conversations queued without a bot are created open; the others are the bot's (pending) until handed off.
        for (SimEvent event : day) {
            if (event.envelope().path("type").asText().equals("conversation.queued")) {
                relay.queuedAtOnce.add(event.envelope().path("conversationId").asText());
            }
        }
        day.forEach(relay::route);
        return relay.out;
    }

    /** The visitor id Floorwatch gives a Chatwoot contact (the ingest's mapping). */
    public static String visitorId(String account, String contact) {
        return "cw-" + account + "-" + contact;
    }

    /** The conversation id Floorwatch gives a Chatwoot conversation's first cycle (the ingest's mapping). */
    public static String conversationId(String account, int display) {
        return "cw-" + account + "-" + display;
    }

    private void route(SimEvent event) {
        ObjectNode envelope = event.envelope();
        String type = envelope.path("type").asText();
        boolean web = CHANNEL.equals(envelope.path("channel").asText(null));
        if (!web) {
            events(event.atMillis(), envelope);
        } else if (type.startsWith("visitor.")) {
            ObjectNode renamed = envelope.deepCopy();
            renamed.put("visitorId", visitorId(account, envelope.path("visitorId").asText()));
            events(event.atMillis(), renamed);
        } else {
            conversation(event.atMillis(), type, envelope);
        }
    }

    private void conversation(long at, String type, ObjectNode envelope) {
        String id = envelope.path("conversationId").asText();
        ChatThread thread = threads.get(id);
        if (type.equals("conversation.started")) {
            thread = new ChatThread(++displayIds, envelope.path("visitorId").asText(), envelope.path("skillGroup").asText(null));
            threads.put(id, thread);
            thread.status = queuedAtOnce.contains(id) ? "open" : "pending";
            webhook(at, snapshot("conversation_created", thread));
            return;
        }
        if (thread == null) {
            events(at, envelope);
            return;
        }
        switch (type) {
            case "message.created" -> message(at, thread, envelope);
            // Created open: Chatwoot's conversation was in the queue from its start.
            case "conversation.queued" -> { }
            case "conversation.transferred" -> {
                thread.status = "open";
                thread.assignee = null;
                webhook(at, snapshot("conversation_status_changed", thread));
            }
            case "conversation.assigned" -> {
                thread.status = "open";
                thread.assignee = envelope.path("agentId").asText();
                webhook(at, snapshot("conversation_updated", thread));
            }
            case "conversation.rated" -> rated(at, thread, envelope.path("data").path("score").asInt());
            case "conversation.closed" -> {
                thread.status = "resolved";
                webhook(at, snapshot("conversation_status_changed", thread));
            }
            // Abandons (and anything Chatwoot does not report) under the ids Floorwatch gives the Chatwoot conversation.
            default -> {
                ObjectNode renamed = envelope.deepCopy();
                renamed.put("conversationId", conversationId(account, thread.display));
                renamed.put("visitorId", visitorId(account, thread.contact));
                events(at, renamed);
            }
        }
    }

    private void message(long at, ChatThread thread, ObjectNode envelope) {
        JsonNode data = envelope.path("data");
        String sender = data.path("sender").asText();
        ObjectNode payload = JSON.objectNode().put("event", "message_created").put("id", ++messageIds)
                .put("content", data.path("text").asText()).put("private", false)
                .put("message_type", sender.equals("visitor") ? "incoming" : "outgoing");
        ObjectNode from = payload.putObject("sender");
        switch (sender) {
            case "visitor" -> from.put("id", thread.contact).put("type", "contact");
            case "agent" -> from.put("id", envelope.path("agentId").asText()).put("type", "user");
            default -> from.put("id", 1).put("type", "agent_bot");
        }
        payload.set("conversation", conversationNode(thread));
        account(payload);
        webhook(at, payload);
    }

    private void rated(long at, ChatThread thread, int score) {
        ObjectNode payload = JSON.objectNode().put("event", "message_updated").put("id", ++messageIds)
                .put("content_type", "input_csat").put("message_type", "template").put("private", false);
        payload.putObject("content_attributes").putObject("submitted_values").putObject("csat_survey_response")
                .put("rating", score);
        payload.set("conversation", conversationNode(thread));
        account(payload);
        webhook(at, payload);
    }

    private ObjectNode snapshot(String event, ChatThread thread) {
        ObjectNode payload = conversationNode(thread);
        payload.put("event", event);
        account(payload);
        return payload;
    }

    /** Chatwoot names its account by number. */
    private void account(ObjectNode payload) {
        ObjectNode node = payload.putObject("account");
        if (account.matches("\\d{1,18}")) {
            node.put("id", Long.parseLong(account));
        } else {
            node.put("id", account);
        }
    }

    private ObjectNode conversationNode(ChatThread thread) {
        ObjectNode conversation = JSON.objectNode().put("id", thread.display).put("status", thread.status)
                .put("channel", "Channel::WebWidget").put("inbox_id", 1);
        ObjectNode meta = conversation.putObject("meta");
        meta.putObject("sender").put("id", thread.contact).put("type", "contact");
        if (thread.assignee != null) {
            meta.putObject("assignee").put("id", thread.assignee).put("type", "user");
            meta.put("assignee_type", "User");
        } else {
            meta.putNull("assignee");
        }
        if (thread.team != null) {
            meta.putObject("team").put("name", thread.team);
        } else {
            meta.putNull("team");
        }
        return conversation;
    }

    private void events(long at, ObjectNode envelope) {
        out.add(new Delivery(at, Route.EVENTS, envelope));
    }

    private void webhook(long at, ObjectNode payload) {
        out.add(new Delivery(at, Route.CHATWOOT, payload));
    }
}
