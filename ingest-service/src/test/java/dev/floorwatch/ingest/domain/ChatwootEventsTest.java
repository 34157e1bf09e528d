package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.ingest.domain.ChatwootEvents.ConversationState;
import dev.floorwatch.ingest.domain.ChatwootEvents.Kind;
import dev.floorwatch.ingest.domain.ChatwootEvents.Outcome;
import dev.floorwatch.ingest.domain.ChatwootEvents.Phase;

/**
 * Chatwoot payloads in the shapes its webhook listener sends (conversation {@code push_data} with
 * {@code event}/{@code changed_attributes}; message {@code webhook_data} with the conversation
 * inside), a whole conversation in {@code src/test/resources/chatwoot/}.
 */
class ChatwootEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-26T13:25:00Z");
    private static final EnvelopeValidator VALIDATOR = new EnvelopeValidator(1000, Duration.ofMinutes(5));

    static ObjectNode fixture(String name) {
        try (InputStream in = ChatwootEventsTest.class.getResourceAsStream("/chatwoot/" + name + ".json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds payloads in order, carrying the state as the webhook route does; returns all envelopes. */
    private static final class Floor {
        ConversationState state;
        final List<ObjectNode> events = new ArrayList<>();

        Outcome post(JsonNode payload) {
            Outcome outcome = ChatwootEvents.map(payload, "7", state, RECEIVED);
            if (outcome.next() != null) {
                state = outcome.next();
            }
            events.addAll(valid(outcome.envelopes()));
            return outcome;
        }

        List<String> types() {
            return events.stream().map(e -> e.get("type").asText()).toList();
        }
    }

    private static List<ObjectNode> valid(List<ObjectNode> events) {
        if (events.isEmpty()) {
            return events;
        }
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        batch.putArray("events").addAll(events);
        EnvelopeValidator.Outcome outcome = VALIDATOR.validate(batch, "acme", RECEIVED);
        assertTrue(outcome.valid(), "valid envelopes: " + outcome.errors());
        return events;
    }

    private static List<String> types(Outcome outcome) {
        return outcome.envelopes().stream().map(e -> e.get("type").asText()).toList();
    }

    @Test
    void aWholeConversationBecomesTheCanonicalLifeCycle() {
        Floor floor = new Floor();
        Outcome widget = floor.post(fixture("01_webwidget_triggered"));
        ObjectNode online = widget.envelopes().get(0);
        assertEquals("visitor.online", online.get("type").asText());
        assertEquals("cw-7-301", online.get("visitorId").asText());
        assertEquals("https://shop.example.cn/pricing?utm_source=baidu", online.at("/data/page").asText());
        assertNull(widget.next(), "the widget is no conversation");

        assertEquals(List.of("conversation.started"), types(floor.post(fixture("02_conversation_created"))));
        assertEquals(Phase.BOT, floor.state.phase());
        assertEquals(List.of("message.created"), types(floor.post(fixture("03_message_incoming"))));
        assertEquals(List.of("message.created"), types(floor.post(fixture("04_message_bot"))));
        assertEquals(List.of("conversation.transferred"), types(floor.post(fixture("05_status_changed_open"))));
        assertEquals(List.of("conversation.assigned"), types(floor.post(fixture("06_updated_assignee"))));
        assertEquals(List.of("message.created"), types(floor.post(fixture("07_message_agent"))));
        assertEquals(List.of(), types(floor.post(fixture("08_message_private_note"))), "private notes are ignored");
        assertEquals(List.of(), types(floor.post(fixture("09_message_csat_template"))), "a template is no answer");
        assertEquals(List.of("conversation.rated"), types(floor.post(fixture("10_message_updated_csat"))));
        assertEquals(List.of("conversation.closed"), types(floor.post(fixture("11_status_changed_resolved"))));

        List<ObjectNode> events = floor.events;
        events.stream().skip(1).forEach(e -> {
            assertEquals("cw-7-42", e.get("conversationId").asText());
            assertEquals("web", e.get("channel").asText());
            assertEquals("cw-7-301", e.get("visitorId").asText());
        });
        assertEquals("2026-11-26T13:20:00.123Z", events.get(1).get("occurredAt").asText(), "conversation time from updated_at");
        assertEquals("visitor", events.get(2).at("/data/sender").asText());
        assertEquals("你好，我的订单还没发货", events.get(2).at("/data/text").asText());
        assertEquals("2026-11-26T13:20:05Z", events.get(2).get("occurredAt").asText());
        assertEquals("cw-7-msg-901", events.get(2).get("id").asText());
        assertEquals("bot", events.get(3).at("/data/sender").asText());
        ObjectNode handoff = events.get(4);
        assertEquals("bot", handoff.at("/data/from").asText());
        assertEquals("queue", handoff.at("/data/to").asText());
        ObjectNode assigned = events.get(5);
        assertEquals("11", assigned.get("agentId").asText());
        assertEquals("售后", assigned.get("skillGroup").asText(), "the team is the skill group");
        ObjectNode reply = events.get(6);
        assertEquals("agent", reply.at("/data/sender").asText());
        assertEquals("11", reply.get("agentId").asText());
        ObjectNode rated = events.get(7);
        assertEquals(2, rated.at("/data/score").asInt());
        assertEquals("等太久了", rated.at("/data/comment").asText());
        assertEquals("cw-7-csat-905", rated.get("id").asText());
        ObjectNode closed = events.get(8);
        assertTrue(closed.at("/data/resolved").asBoolean());
        assertEquals(Phase.ENDED, floor.state.phase());
    }

    @Test
    void redeliveriesDeriveNothingNewAndSameStateGivesSameIds() {
        Floor floor = new Floor();
        floor.post(fixture("02_conversation_created"));
        ConversationState pending = floor.state;
        Outcome first = floor.post(fixture("05_status_changed_open"));
        // Chatwoot retries a delivery: from the new state nothing moves.
        assertEquals(List.of(), types(floor.post(fixture("05_status_changed_open"))));
        // Two replicas handling the same snapshot from the same state name the transition alike.
        Outcome raced = ChatwootEvents.map(fixture("05_status_changed_open"), "7", pending, RECEIVED);
        assertEquals(first.envelopes().get(0).get("id"), raced.envelopes().get(0).get("id"));
    }

    @Test
    void aMessageAloneCarriesTheConversationsTransitions() {
        // A tenant subscribed only to message_created: the embedded conversation still moves the state.
        Floor floor = new Floor();
        assertEquals(List.of("conversation.started", "message.created"), types(floor.post(fixture("03_message_incoming"))));
        assertEquals(List.of("conversation.transferred", "conversation.assigned", "message.created"),
                types(floor.post(fixture("07_message_agent"))));
    }

    @Test
    void aLateSnapshotNeverReopensAndAReopenIsANewCycle() {
        Floor floor = new Floor();
        floor.post(fixture("02_conversation_created"));
        floor.post(fixture("11_status_changed_resolved"));
        assertEquals(List.of("conversation.started", "conversation.closed"), floor.types());
        // Chatwoot reopens when the visitor writes again: a new conversation on our side.
        ObjectNode reopened = fixture("05_status_changed_open");
        Outcome again = floor.post(reopened);
        assertEquals(List.of("conversation.started", "conversation.queued"), types(again));
        assertEquals("cw-7-42-r2", again.envelopes().get(0).get("conversationId").asText());
        assertEquals(2, floor.state.cycle());
    }

    @Test
    void snoozedEndsTheWaitAndReassignmentIsATransfer() {
        Floor floor = new Floor();
        floor.post(fixture("06_updated_assignee"));
        assertEquals(List.of("conversation.started", "conversation.assigned"), floor.types());
        ObjectNode other = fixture("06_updated_assignee");
        ((ObjectNode) other.at("/meta/assignee")).put("id", 12);
        Outcome moved = floor.post(other);
        assertEquals(List.of("conversation.transferred"), types(moved));
        assertEquals("12", moved.envelopes().get(0).get("agentId").asText());
        assertEquals("11", moved.envelopes().get(0).at("/data/fromAgentId").asText());
        ObjectNode unassigned = fixture("06_updated_assignee");
        unassigned.with("meta").putNull("assignee").putNull("assignee_type");
        assertEquals("queue", floor.post(unassigned).envelopes().get(0).at("/data/to").asText());
        ObjectNode snoozed = fixture("05_status_changed_open").put("status", "snoozed");
        Outcome ended = floor.post(snoozed);
        assertEquals(List.of("conversation.closed"), types(ended));
        assertEquals("snoozed", ended.envelopes().get(0).at("/data/closedBy").asText());
    }

    @Test
    void anAgentBotHoldingTheConversationIsNoAssignment() {
        ObjectNode botHeld = fixture("05_status_changed_open");
        botHeld.with("meta").put("assignee_type", "AgentBot").putObject("assignee").put("id", 3).put("name", "小助手");
        Outcome outcome = ChatwootEvents.map(botHeld, "7", null, RECEIVED);
        assertEquals(List.of("conversation.started", "conversation.queued"), types(outcome));
    }

    @Test
    void inboxChannelsMapToOurNames() {
        assertEquals("web", ChatwootEvents.channel("Channel::WebWidget"));
        assertEquals("whatsapp", ChatwootEvents.channel("Channel::Whatsapp"));
        assertEquals("facebook", ChatwootEvents.channel("Channel::FacebookPage"));
        assertEquals("sms", ChatwootEvents.channel("Channel::TwilioSms"));
        assertEquals("sms", ChatwootEvents.channel("Channel::Sms"));
        assertEquals("email", ChatwootEvents.channel("Channel::Email"));
        assertEquals("telegram", ChatwootEvents.channel("Channel::Telegram"));
        assertEquals("line", ChatwootEvents.channel("Channel::Line"));
        assertEquals("voice", ChatwootEvents.channel("Channel::Voice"), "a new inbox type keeps a readable name");
    }

    @Test
    void unknownIgnoredAndUnmappablePayloadsAreTold() {
        assertEquals(Kind.UNKNOWN, ChatwootEvents.map(MAPPER.createObjectNode().put("event", "inbox_created"), "7", null, RECEIVED).kind());
        assertEquals(Kind.IGNORED, ChatwootEvents.map(MAPPER.createObjectNode().put("event", "conversation_typing_on"), "7", null, RECEIVED).kind());
        assertEquals(Kind.INVALID, ChatwootEvents.map(MAPPER.createObjectNode().put("foo", 1), "7", null, RECEIVED).kind());
        ObjectNode noConversation = fixture("03_message_incoming");
        noConversation.remove("conversation");
        Outcome invalid = ChatwootEvents.map(noConversation, "7", null, RECEIVED);
        assertEquals(Kind.INVALID, invalid.kind());
        assertEquals("message_created: no id", invalid.reason());
        ObjectNode badRating = fixture("10_message_updated_csat");
        ((ObjectNode) badRating.at("/content_attributes/submitted_values/csat_survey_response")).put("rating", 9);
        assertEquals(Kind.INVALID, ChatwootEvents.map(badRating, "7", null, RECEIVED).kind());
    }

    @Test
    void longMessagesAreCutToTheEnvelopesLimitOnWholeCharacters() {
        String text = "退".repeat(3000); // 9,000 bytes of UTF-8
        String cut = ChatwootEvents.clipUtf8(text, 8 * 1024);
        assertEquals(2730, cut.length());
        assertEquals("a😀", ChatwootEvents.clipUtf8("a😀b", 5), "a surrogate pair is never split");
        assertEquals("a", ChatwootEvents.clipUtf8("a😀b", 4));
        ObjectNode long_ = fixture("03_message_incoming").put("content", text);
        valid(ChatwootEvents.map(long_, "7", null, RECEIVED).envelopes());
    }
}
