package dev.floorwatch.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.simulator.domain.ChatwootRelay.Delivery;
import dev.floorwatch.simulator.domain.ChatwootRelay.Route;
import dev.floorwatch.simulator.domain.Traffic.SimEvent;

/** A day relayed as a Chatwoot tenant sees it: web conversations as webhook payloads, the rest unchanged. */
class ChatwootRelayTest {

    @ParameterizedTest
    @ValueSource(strings = { "normal-day", "complaint-storm" })
    void everyWebConversationIsCreatedOnceInChatwootAndNothingElseChanges(String name) {
        List<SimEvent> day = Traffic.generate(Scenario.shipped(name));
        List<Delivery> relayed = ChatwootRelay.relay(day, "7");

        long webStarts = day.stream().filter(e -> type(e.envelope()).equals("conversation.started") && web(e.envelope())).count();
        long created = relayed.stream().filter(d -> d.route() == Route.CHATWOOT && event(d).equals("conversation_created")).count();
        assertTrue(webStarts > 20, name + " has web conversations: " + webStarts);
        assertEquals(webStarts, created);

        long notWeb = day.stream().filter(e -> !web(e.envelope())).count();
        assertEquals(notWeb, relayed.stream().filter(d -> d.route() == Route.EVENTS && !web(d.body())).count(),
                "other channels and agents go through the events API as they were");
        for (Delivery d : relayed) {
            if (d.route() == Route.EVENTS && web(d.body())) {
                // Only presence and abandons of the web channel, under the Chatwoot contact's and conversation's ids.
                assertTrue(type(d.body()).startsWith("visitor.") || type(d.body()).equals("conversation.abandoned"), d.body().toString());
                assertTrue(d.body().path("visitorId").asText().startsWith("cw-7-"), d.body().toString());
            }
            if (d.route() == Route.CHATWOOT) {
                assertEquals(7, d.body().path("account").path("id").asInt(), d.body().toString());
            }
        }
        for (int i = 1; i < relayed.size(); i++) {
            assertTrue(relayed.get(i - 1).atMillis() <= relayed.get(i).atMillis(), "in time order at " + i);
        }
    }

    /** A floor without a bot: conversations go to the queue at once. */
    private static final String NO_BOT = """
            name: no-bot
            description: 没有机器人
            seed: 3
            hours: 1
            visitorsPerHour: {web: 600}
            diurnal: [1.0]
            initiation: 0.5
            vipShare: 0.0
            bot: {answersFirst: false, handoffShare: 0.0}
            surges: []
            shifts:
              - {group: presales, count: 2, maxConcurrency: 2, fromMinute: 0, toMinute: 60}
              - {group: aftersales, count: 1, maxConcurrency: 2, fromMinute: 0, toMinute: 60}
            silentAgent: null
            visitors: {repeatQuestion: 0.0, complaint: 0.1, refund: 0.1, patienceMinSeconds: 120, patienceMaxSeconds: 600}
            ratings: [0.2, 0.2, 0.2, 0.2, 0.2]
            ratingShare: 0.5
            """;

    @ParameterizedTest
    @ValueSource(strings = { "normal-day", "staffing-gap", "no-bot" })
    void aConversationsSnapshotsFollowItsStory(String name) {
        Scenario scenario = name.equals("no-bot")
                ? Scenario.read(new ByteArrayInputStream(NO_BOT.getBytes(StandardCharsets.UTF_8)))
                : Scenario.shipped(name);
        List<Delivery> relayed = ChatwootRelay.relay(Traffic.generate(scenario), "7");
        boolean bot = scenario.bot() != null && scenario.bot().answersFirst();
        Map<Integer, String> status = new HashMap<>();
        for (Delivery d : relayed) {
            if (d.route() != Route.CHATWOOT) {
                continue;
            }
            JsonNode conversation = event(d).startsWith("conversation_") ? d.body() : d.body().path("conversation");
            int id = conversation.path("id").asInt();
            String now = conversation.path("status").asText();
            String before = status.put(id, now);
            if (event(d).equals("conversation_created")) {
                assertEquals(null, before, "created once: " + id);
                assertEquals(bot ? "pending" : "open", now, "with a bot the conversation is the bot's first");
            } else {
                assertTrue(before != null, "created before anything else: " + d.body());
                assertTrue(!before.equals("resolved"), "nothing after resolved: " + d.body());
            }
            if (event(d).equals("message_created") && d.body().path("sender").path("type").asText().equals("user")) {
                assertEquals(d.body().path("sender").path("id").asText(),
                        conversation.path("meta").path("assignee").path("id").asText(), "an agent answers what is assigned to them");
            }
        }
        assertTrue(status.containsValue("resolved"), "conversations end");
    }

    @ParameterizedTest
    @ValueSource(longs = { 1L, 2L })
    void theSameSeedRelaysTheSameDeliveries(long seed) {
        Scenario scenario = Scenario.shipped("normal-day").withSeed(seed);
        assertEquals(ChatwootRelay.relay(Traffic.generate(scenario), "7").toString(),
                ChatwootRelay.relay(Traffic.generate(scenario), "7").toString());
    }

    private static String type(JsonNode envelope) {
        return envelope.path("type").asText();
    }

    private static boolean web(JsonNode envelope) {
        return ChatwootRelay.CHANNEL.equals(envelope.path("channel").asText(null));
    }

    private static String event(Delivery d) {
        return d.body().path("event").asText();
    }
}
