package dev.floorwatch.alert.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.events.EventEnvelope;

class ConversationTrackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static int ids;

    private static EventEnvelope event(String type, int second, String agent, String... data) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < data.length; i += 2) {
            node.put(data[i], data[i + 1]);
        }
        return new EventEnvelope(1, "e" + ids++, "acme", type, T0.plusSeconds(second), T0, "web", "c1", "v1", agent,
                "presales", node);
    }

    private static EventEnvelope visitor(int second, String text) {
        return event("message.created", second, null, "sender", "visitor", "text", text);
    }

    private static EventEnvelope agent(int second) {
        return event("message.created", second, "a1", "sender", "agent", "text", "您好");
    }

    private static EventEnvelope bot(int second) {
        return event("message.created", second, null, "sender", "bot", "text", "自动回复");
    }

    private static ConversationTrack play(EventEnvelope... events) {
        ConversationTrack track = ConversationTrack.empty();
        for (EventEnvelope e : events) {
            track = track.apply(e);
        }
        return track;
    }

    private static Rule.ConversationSignal signal(String name, long threshold) {
        return new Rule.ConversationSignal(name, threshold);
    }

    @Test
    void theSameQuestionWithOtherPunctuationAndSpacingIsRepeated() {
        ConversationTrack track = play(visitor(0, "在吗？？"), visitor(5, "在吗?"), agent(6), visitor(9, " 在 吗 "));
        assertEquals(Optional.of(3L), track.shows(signal("repeatedQuestion", 3), T0.plusSeconds(10)));
        assertEquals(Optional.of("在吗"), track.mostRepeatedQuestion());
    }

    @Test
    void twoAskingsAreNotYetARepeatedQuestion() {
        ConversationTrack track = play(visitor(0, "在吗"), visitor(5, "在吗!"), visitor(6, "怎么退货"));
        assertEquals(Optional.empty(), track.shows(signal("repeatedQuestion", 3), T0.plusSeconds(10)));
    }

    @Test
    void turnsCountChangesOfSideNotMessages() {
        ConversationTrack track = play(visitor(0, "a"), visitor(1, "b"), agent(2), bot(3), visitor(4, "c"), agent(5));
        assertEquals(4, track.turns());
        assertEquals(Optional.of(4L), track.shows(signal("longConversation", 4), T0.plusSeconds(6)));
        assertEquals(Optional.empty(), track.shows(signal("longConversation", 5), T0.plusSeconds(6)));
    }

    @Test
    void aHandOffIsOneSwitchAndGoingBackToTheBotIsPingPong() {
        ConversationTrack handOff = play(bot(0), visitor(1, "转人工"), agent(2));
        assertEquals(Optional.empty(), handOff.shows(signal("botPingPong", 2), T0.plusSeconds(3)));
        ConversationTrack pingPong = handOff.apply(event("conversation.transferred", 4, null, "from", "agent", "to", "bot"));
        assertEquals(Optional.of(2L), pingPong.shows(signal("botPingPong", 2), T0.plusSeconds(5)));
    }

    @Test
    void aVipQueuedLongerThanTheThresholdIsWaitingAndAnAssignmentEndsIt() {
        ConversationTrack queued = play(event("conversation.started", 0, null, "valueTier", "vip"),
                event("conversation.queued", 10, null));
        assertEquals(Optional.empty(), queued.shows(signal("highValueWaiting", 60), T0.plusSeconds(69)));
        assertEquals(Optional.of(60L), queued.shows(signal("highValueWaiting", 60), T0.plusSeconds(70)), "exactly 60 s");
        assertEquals(T0.plusSeconds(10).toEpochMilli(), queued.highValueWaitSince());
        ConversationTrack assigned = queued.apply(event("conversation.assigned", 30, "a1"));
        assertNull(assigned.highValueWaitSince());
        assertEquals(Optional.empty(), assigned.shows(signal("highValueWaiting", 60), T0.plusSeconds(100)));
    }

    @Test
    void aNormalVisitorWaitingIsNotHighValue() {
        ConversationTrack queued = play(event("conversation.started", 0, null, "valueTier", "normal"),
                event("conversation.queued", 0, null));
        assertNull(queued.highValueWaitSince());
        assertEquals(Optional.empty(), queued.shows(signal("highValueWaiting", 60), T0.plusSeconds(600)));
    }

    @Test
    void anAssignedVisitorUnansweredTooLongIsASilentAgentUntilTheAgentWrites() {
        ConversationTrack silent = play(event("conversation.assigned", 0, "a1"), visitor(10, "请问发货了吗"), visitor(40, "？"));
        assertEquals(T0.plusSeconds(10).toEpochMilli(), silent.silentSince(), "the earliest unanswered message counts");
        assertEquals(Optional.of(120L), silent.shows(signal("silentAgent", 120), T0.plusSeconds(130)));
        ConversationTrack answered = silent.apply(agent(131));
        assertNull(answered.silentSince());
        assertEquals(Optional.empty(), answered.shows(signal("silentAgent", 120), T0.plusSeconds(300)));
    }

    @Test
    void aVisitorMessageArrivingAfterTheLaterAnswerIsNotUnanswered() {
        // Reordered delivery: the agent's answer (t=20) is read before the question it answers (t=10).
        ConversationTrack track = play(event("conversation.assigned", 0, "a1"), agent(20), visitor(10, "在吗"));
        assertNull(track.silentSince());
    }

    @Test
    void aLateQueueEventDoesNotUndoALaterAssignment() {
        ConversationTrack track = play(event("conversation.started", 0, null, "valueTier", "high"),
                event("conversation.assigned", 30, "a1"), event("conversation.queued", 5, null));
        assertTrue(track.assigned());
        assertNull(track.highValueWaitSince());
    }

    @Test
    void theTrackSurvivesJsonAndKeepsTheOldestQuestionFirst() throws Exception {
        ConversationTrack track = play(visitor(0, "一"), visitor(1, "二"), visitor(2, "一"));
        ConversationTrack read = JSON.readValue(JSON.writeValueAsString(track), ConversationTrack.class);
        assertEquals(track, read);
        assertEquals("一", read.questions().keySet().iterator().next());
        assertTrue(JSON.readValue(JSON.writeValueAsString(ConversationTrack.tombstone()), ConversationTrack.class).isEnded());
    }

    @Test
    void onlyTheLatestQuestionsAreRemembered() {
        ConversationTrack track = ConversationTrack.empty();
        for (int i = 0; i <= ConversationTrack.MAX_QUESTIONS; i++) {
            track = track.apply(visitor(i, "问题" + i));
        }
        assertEquals(ConversationTrack.MAX_QUESTIONS, track.questions().size());
        assertTrue(!track.questions().containsKey("问题0"), "the oldest question is forgotten first");
    }
}
