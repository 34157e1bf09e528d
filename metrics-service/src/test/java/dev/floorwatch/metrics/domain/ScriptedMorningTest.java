package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.domain.Overview.ChannelGroupRow;
import dev.floorwatch.metrics.domain.Overview.ChannelRow;
import dev.floorwatch.metrics.domain.Overview.SkillGroupRow;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.InMemoryLive;
import dev.floorwatch.metrics.support.Mornings;

/**
 * A morning on the floor, scripted minute by minute, with the overview asserted field by field
 * at several instants. The expected values are worked out by hand in the comments.
 */
class ScriptedMorningTest {

    private final OverviewCalculator calculator = new OverviewCalculator(MetricsSettings.defaults());
    private final ApplyPlanner planner = FloorScript.planner();

    @Test
    void at0902ThreeConversationsQueueAndNobodyIsServedYet() {
        FloorScript script = Mornings.firstMinutes();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, planner, script.at("09:02:00"));

        Overview o = calculator.compute("acme", live, script.at("09:02:00").toEpochMilli());

        assertEquals("2026-11-26T09:02:00Z", o.at());
        // Heartbeats at 09:01:50 are 10 s old: all five visitors are online.
        assertEquals(new Overview.Traffic(5, 3, 3), o.traffic());
        // c1 waits since 09:01:05 (55 s), c2 since 09:01:15, c3 since 09:01:40: none over the 60 s SLA; c2 is vip.
        assertEquals(new Overview.Queue(3, 55, 0, 1, 0), o.queue());
        assertEquals(new Overview.Agents(3, 0, 3, 1, 0.0, 0), o.agents());
        // The bot's reply is no response: there is no first response yet.
        assertEquals(new Overview.Response(null, null, 0, 0), o.response());
        assertEquals(new Overview.Quality(0, 0, 1), o.quality());
        assertEquals(List.of(
                new ChannelRow("h5", 1, 0, 0, 0, 0),
                new ChannelRow("landing", 1, 0, 0, 0, 0),
                new ChannelRow("web", 2, 2, 2, 0, 2),
                new ChannelRow("wechat_oa", 1, 1, 1, 0, 1)), o.channels());
        // bob is in both groups; he counts once in agents.online and once in each group.
        assertEquals(List.of(
                new SkillGroupRow("aftersales", 2, 1, 1, 20, null),
                new SkillGroupRow("presales", 2, 2, 2, 55, null)), o.skillGroups());
        // public: 4 visitors seen (v1, v2, v3, v5), 2 started → rate 0.5; c2 is vip → share 0.5.
        assertEquals(List.of(
                new ChannelGroupRow("public", 4, 2, 0.5, 2, 0.5, 0, 0.0),
                new ChannelGroupRow("private", 1, 1, 1.0, 1, 0.0, 0, 0.0)), o.channelGroups());
    }

    @Test
    void at0905WaitsGrewAgentsServeAndOneIsSilent() {
        FloorScript script = Mornings.wholeMorning();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, planner, script.at("09:05:00"));

        Overview o = calculator.compute("acme", live, script.at("09:05:00").toEpochMilli());

        // v1, v2, v4 sent heartbeats at 09:04:50; v3 said goodbye; v5's last heartbeat is 190 s old.
        // Open: c1 (alice), c2 (queued), c3 (bob); c4 abandoned, c5 closed. Five started.
        assertEquals(new Overview.Traffic(3, 3, 5), o.traffic());
        // c2 was transferred at 09:02:30 but waits since 09:01:15: 225 s, over the SLA.
        assertEquals(new Overview.Queue(1, 225, 1, 1, 1), o.queue());
        // alice holds c1, bob c3: 2 busy of 3 online; load 2/3; nobody at max concurrency.
        assertEquals(new Overview.Agents(3, 2, 1, 1, 0.67, 0), o.agents());
        // First responses: c1 30 s (09:02:10 → 09:02:40), c5 11 s (09:04:05 → 09:04:16): mean 20.5, p90 30.
        // c3's visitor waits since 09:01:21 (the bot's reply does not count): unanswered, bob is silent.
        assertEquals(new Overview.Response(20.5, 30.0, 1, 1), o.response());
        assertEquals(new Overview.Quality(1, 0, 1), o.quality());
        assertEquals(List.of(
                new ChannelRow("h5", 0, 0, 0, 0, 1),
                new ChannelRow("landing", 0, 0, 0, 0, 1),
                new ChannelRow("web", 2, 2, 1, 1, 2),
                new ChannelRow("wechat_oa", 1, 1, 0, 0, 1)), o.channels());
        assertEquals(List.of(
                new SkillGroupRow("aftersales", 2, 2, 1, 225, null),
                new SkillGroupRow("presales", 2, 1, 0, 0, 20.5)), o.skillGroups());
        assertEquals(List.of(
                new ChannelGroupRow("public", 2, 4, 1.0, 1, 0.25, 0, 0.0),
                new ChannelGroupRow("private", 1, 1, 1.0, 0, 0.0, 0, 0.0)), o.channelGroups());
    }

    @Test
    void withoutNewEventsWaitsKeepGrowing() {
        FloorScript script = Mornings.wholeMorning();
        InMemoryLive live = new InMemoryLive();
        FloorScript.replay(script.events(), live, planner, script.at("09:05:00"));

        Overview o = calculator.compute("acme", live, script.at("09:06:00").toEpochMilli());

        assertEquals(new Overview.Queue(1, 285, 1, 1, 1), o.queue());
        // Heartbeats of 09:04:50 are 70 s old: still online.
        assertEquals(3, o.traffic().onlineVisitors());
    }

    @Test
    void theSameStreamDeliveredTwiceGivesTheSameNumbers() {
        FloorScript script = Mornings.wholeMorning();
        Instant now = script.at("09:05:00");
        InMemoryLive once = new InMemoryLive();
        FloorScript.replay(script.events(), once, planner, now);
        InMemoryLive twice = new InMemoryLive();
        FloorScript.replay(script.events(), twice, planner, now);
        int appliedAgain = FloorScript.replay(script.events(), twice, planner, now);

        assertEquals(0, appliedAgain);
        assertEquals(calculator.compute("acme", once, now.toEpochMilli()), calculator.compute("acme", twice, now.toEpochMilli()));
    }

    @Test
    void shuffledDeliveryInSmallBatchesGivesTheSameFinalNumbers() {
        FloorScript script = Mornings.wholeMorning();
        Instant now = script.at("09:05:00");
        InMemoryLive ordered = new InMemoryLive();
        FloorScript.replay(script.events(), ordered, planner, now);
        Overview expected = calculator.compute("acme", ordered, now.toEpochMilli());

        for (long seed = 1; seed <= 20; seed++) {
            List<EventEnvelope> shuffled = new ArrayList<>(script.events());
            Collections.shuffle(shuffled, new Random(seed));
            InMemoryLive live = new InMemoryLive();
            for (int i = 0; i < shuffled.size(); i += 7) {
                FloorScript.replay(shuffled.subList(i, Math.min(i + 7, shuffled.size())), live, planner, now);
            }
            assertEquals(expected, calculator.compute("acme", live, now.toEpochMilli()), "seed " + seed);
        }
    }
}
