package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.support.FloorScript;

class ConversationMachineTest {

    private final ConversationMachine machine = new ConversationMachine(FloorScript.RISK_TAGS);

    private Conversation run(List<EventEnvelope> events) {
        Conversation c = new Conversation("c1");
        for (EventEnvelope e : events) {
            c = machine.apply(c, e);
        }
        return c;
    }

    @Test
    void anEnvelopeWithoutDataIsAppliedLikeOneWithAnEmptyObject() throws Exception {
        // A record written without "data" (ingest always writes it) once stopped the events consumer.
        EventEnvelope started = new ObjectMapper().registerModule(new JavaTimeModule()).readValue("""
                {"schema": 1, "id": "e1", "tenant": "t1", "type": "conversation.started",
                 "occurredAt": "2026-11-26T10:00:00Z", "receivedAt": "2026-11-26T10:00:00.100Z",
                 "channel": "web", "conversationId": "c1"}""", EventEnvelope.class);

        Conversation c = run(List.of(started));

        assertTrue(started.data().isEmpty());
        assertEquals(Conversation.State.STARTED, c.state());
    }

    @Test
    void closedConversationIsNeverReopenedByALateEvent() {
        FloorScript s = new FloorScript("2026-11-26")
                .started("10:00:00", "c1", "web", "v1", null)
                .closed("10:05:00", "c1", "web")
                .queued("10:01:00", "c1", "web", "presales")
                .assigned("10:02:00", "c1", "web", "alice", "presales")
                .message("10:04:00", "c1", "visitor", null, "谢谢");

        Conversation c = run(s.events());

        assertEquals(Conversation.State.CLOSED, c.state());
        assertTrue(c.indexEntries().stream().noneMatch(e -> e.key().startsWith("open") || e.key().startsWith("queue")
                || e.key().equals("assigned") || e.key().equals("unans")));
    }

    @Test
    void assignedBeforeItsQueuedEndsAssigned() {
        FloorScript s = new FloorScript("2026-11-26")
                .assigned("10:02:00", "c1", "web", "alice", "presales")
                .queued("10:01:00", "c1", "web", "presales");

        Conversation c = run(s.events());

        assertEquals(Conversation.State.ASSIGNED, c.state());
        assertEquals(s.at("10:02:00").toEpochMilli(), c.firstAssignedAt);
    }

    @Test
    void botMessagesAreNeverAResponse() {
        FloorScript s = new FloorScript("2026-11-26")
                .assigned("10:00:00", "c1", "web", "alice", "presales")
                .message("10:00:05", "c1", "visitor", null, "人工")
                .message("10:00:06", "c1", "bot", null, "正在为您转接");

        Conversation c = run(s.events());

        assertNull(c.firstResponseMillis());
        assertEquals(s.at("10:00:05").toEpochMilli(), c.unansweredSince);
    }

    @Test
    void firstResponseIsFirstAgentReplyMinusFirstAssignmentWhateverTheOrder() {
        FloorScript s = new FloorScript("2026-11-26")
                .message("10:00:40", "c1", "agent", "bob", "您好")
                .assigned("10:00:30", "c1", "web", "bob", "aftersales")
                .message("10:00:35", "c1", "agent", "alice", "在的")
                .assigned("10:00:10", "c1", "web", "alice", "presales");

        Conversation c = run(s.events());

        assertEquals(25_000L, c.firstResponseMillis());
        assertEquals("alice", c.firstResponder);
        assertEquals("aftersales", c.group, "the group of the latest assignment");
    }

    @Test
    void visitorMessageOlderThanTheLastAgentReplyIsAnswered() {
        FloorScript s = new FloorScript("2026-11-26")
                .assigned("10:00:00", "c1", "web", "alice", "presales")
                .message("10:00:20", "c1", "agent", "alice", "您好")
                .message("10:00:10", "c1", "visitor", null, "在吗");

        assertNull(run(s.events()).unansweredSince);
    }

    @Test
    void riskTagFlagsTheConversationWithItsCategory() {
        FloorScript s = new FloorScript("2026-11-26")
                .started("10:00:00", "c1", "web", "v1", null)
                .tagged("10:01:00", "c1", "web", "vip-followup", "Refund");

        Conversation c = run(s.events());

        assertEquals(List.of("Refund"), List.copyOf(c.riskWords));
        assertTrue(c.indexEntries().stream().anyMatch(e -> e.key().equals("started:refund:ch:web")));
        assertTrue(c.indexEntries().stream().anyMatch(e -> e.key().equals("risk")));
    }

    @Test
    void copyKeepsEveryStoredField() {
        FloorScript s = new FloorScript("2026-11-26")
                .started("10:00:00", "c1", "web", "v1", "vip")
                .queued("10:00:05", "c1", "web", "presales")
                .assigned("10:00:10", "c1", "web", "alice", "presales")
                .message("10:00:12", "c1", "visitor", null, "在吗")
                .message("10:00:20", "c1", "agent", "alice", "在的")
                .message("10:00:25", "c1", "visitor", null, "退款")
                .rated("10:01:00", "c1", "web", 2)
                .tagged("10:01:05", "c1", "web", "refund")
                .closed("10:02:00", "c1", "web");

        Conversation c = run(s.events());

        assertEquals(c.toHash(), c.copy().toHash());
        assertEquals(c.toHash(), Conversation.fromHash("c1", c.toHash()).toHash());
    }
}
