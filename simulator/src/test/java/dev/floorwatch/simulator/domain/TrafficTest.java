package dev.floorwatch.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.simulator.domain.Traffic.SimEvent;

/** The shipped scenarios generated and checked: determinism under a seed, and the story each tells. */
class TrafficTest {

    private static final Set<String> TYPES = Set.of("visitor.online", "visitor.offline", "conversation.started",
            "conversation.queued", "conversation.assigned", "conversation.transferred", "message.created",
            "conversation.rated", "conversation.closed", "conversation.abandoned", "agent.status");

    @Test
    void theSameSeedGivesTheSameDayAndAnotherSeedAnotherOne() {
        Scenario normal = Scenario.shipped("normal-day");
        List<SimEvent> first = Traffic.generate(normal);
        List<SimEvent> again = Traffic.generate(normal);
        assertEquals(text(first), text(again));
        assertNotEquals(text(first), text(Traffic.generate(normal.withSeed(normal.seed() + 1))));
        assertTrue(first.size() > 3000, "a two-hour floor is busy: " + first.size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "normal-day", "campaign-surge", "staffing-gap", "complaint-storm" })
    void everyEventIsAValidEnvelopeInTimeOrderAndEachConversationMovesForward(String name) {
        List<SimEvent> events = Traffic.generate(Scenario.shipped(name));
        Set<String> ids = new HashSet<>();
        long previous = 0;
        Map<String, String> lastOf = new HashMap<>();
        for (SimEvent event : events) {
            JsonNode e = event.envelope();
            assertTrue(event.atMillis() >= previous, "time order");
            previous = event.atMillis();
            assertTrue(ids.add(e.path("id").asText()), "unique ids");
            String type = e.path("type").asText();
            assertTrue(TYPES.contains(type), type);
            if (type.startsWith("conversation.") || type.equals("message.created")) {
                assertTrue(e.hasNonNull("conversationId") && e.hasNonNull("channel"), e.toString());
                String before = lastOf.put(e.get("conversationId").asText(), type);
                assertTrue(!"conversation.closed".equals(before) && !"conversation.abandoned".equals(before),
                        "nothing after a conversation ended: " + e);
            }
            switch (type) {
                case "conversation.assigned" -> assertTrue(e.hasNonNull("agentId"));
                case "message.created" -> assertTrue(Set.of("visitor", "agent", "bot").contains(e.at("/data/sender").asText()));
                case "conversation.rated" -> assertTrue(e.at("/data/score").asInt() >= 1 && e.at("/data/score").asInt() <= 5);
                case "agent.status" -> assertTrue(e.hasNonNull("agentId") && e.at("/data/maxConcurrency").asInt() > 0);
                case "visitor.online", "visitor.offline" -> assertTrue(e.hasNonNull("visitorId") && e.hasNonNull("channel"));
                default -> { }
            }
        }
    }

    @Test
    void aCampaignSurgeMultipliesLandingPageArrivalsInItsWindow() {
        Scenario surge = Scenario.shipped("campaign-surge");
        long with = arrivals(Traffic.generate(surge), "landing", 30, 60);
        long without = arrivals(Traffic.generate(surge.withoutSurges()), "landing", 30, 60);
        assertTrue(with > 3 * without, "landing arrivals 30–60 min: " + with + " with the surge, " + without + " without");
    }

    @Test
    void aStaffingGapAbandonsMoreAndItsSilentAgentNeverAnswersAfterTurningSilent() {
        List<SimEvent> gap = Traffic.generate(Scenario.shipped("staffing-gap"));
        List<SimEvent> normal = Traffic.generate(Scenario.shipped("normal-day"));
        assertTrue(count(gap, "conversation.abandoned") >= 20
                && count(gap, "conversation.abandoned") > 5 * (1 + count(normal, "conversation.abandoned")),
                "abandoned: gap " + count(gap, "conversation.abandoned") + ", normal " + count(normal, "conversation.abandoned"));
        String silent = "a-aftersales-0-1";
        assertTrue(gap.stream().anyMatch(e -> e.envelope().path("type").asText().equals("conversation.assigned")
                && silent.equals(e.envelope().path("agentId").asText()) && e.atMillis() > 30 * 60_000), "it still takes conversations");
        assertTrue(gap.stream().noneMatch(e -> e.envelope().path("type").asText().equals("message.created")
                && silent.equals(e.envelope().path("agentId").asText()) && e.atMillis() > 32 * 60_000), "and never answers them");
    }

    @Test
    void aComplaintStormCarriesComplaintAndRefundWordsAndLowRatings() {
        List<SimEvent> storm = Traffic.generate(Scenario.shipped("complaint-storm"));
        List<SimEvent> normal = Traffic.generate(Scenario.shipped("normal-day"));
        assertTrue(withText(storm, "投诉") > 5 * Math.max(1, withText(normal, "投诉")));
        assertTrue(withText(storm, "退款") > 3 * Math.max(1, withText(normal, "退款")));
        assertTrue(storm.stream().anyMatch(e -> e.envelope().path("type").asText().equals("conversation.rated")
                && e.envelope().at("/data/score").asInt() <= 2));
    }

    private static long arrivals(List<SimEvent> events, String channel, int fromMinute, int toMinute) {
        Set<String> visitors = new HashSet<>();
        events.stream().filter(e -> e.envelope().path("type").asText().equals("visitor.online")
                && channel.equals(e.envelope().path("channel").asText())
                && e.atMillis() >= fromMinute * 60_000L && e.atMillis() < toMinute * 60_000L)
                .forEach(e -> visitors.add(e.envelope().path("visitorId").asText()));
        return visitors.size();
    }

    private static long count(List<SimEvent> events, String type) {
        return events.stream().filter(e -> e.envelope().path("type").asText().equals(type)).count();
    }

    private static long withText(List<SimEvent> events, String word) {
        return events.stream().filter(e -> "visitor".equals(e.envelope().at("/data/sender").asText())
                && e.envelope().at("/data/text").asText().contains(word)).count();
    }

    private static String text(List<SimEvent> events) {
        StringBuilder all = new StringBuilder();
        events.forEach(e -> all.append(e.atMillis()).append(' ').append(e.envelope()).append('\n'));
        return all.toString();
    }
}
