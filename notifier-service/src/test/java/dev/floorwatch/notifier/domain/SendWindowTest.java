package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SendWindowTest {

    @Test
    void aDingTalkRobotGetsTwentyAMinuteAndTheTwentyFirstWaitsForTheFirstToLeaveTheWindow() {
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long now = 1_000L * i;
            assertEquals(now, SendWindow.nextAllowed(ReceiverType.DINGTALK, sent, now), "message " + i);
            sent.add(now);
        }
        assertEquals(60_000, SendWindow.nextAllowed(ReceiverType.DINGTALK, sent, 20_000));
    }

    @Test
    void noSixtySecondWindowEverHoldsMoreThanTheLimit() {
        // Greedy sending as fast as allowed for five minutes.
        List<Long> sent = new ArrayList<>();
        long now = 0;
        while (now < 300_000) {
            now = SendWindow.nextAllowed(ReceiverType.WECOM, sent, now);
            sent.add(now);
        }
        for (long start : sent) {
            long inWindow = sent.stream().filter(t -> t >= start && t < start + 60_000).count();
            assertTrue(inWindow <= 20, "window from " + start + " holds " + inWindow);
        }
    }

    @Test
    void feishuAlsoAllowsAtMostFivePerSecond() {
        List<Long> sent = List.of(0L, 100L, 200L, 300L, 400L);
        assertEquals(1_000, SendWindow.nextAllowed(ReceiverType.FEISHU, sent, 500));
        assertEquals(1_000, SendWindow.nextAllowed(ReceiverType.FEISHU, sent, 1_000));
    }

    @Test
    void emailHasNoVendorLimit() {
        assertEquals(5, SendWindow.nextAllowed(ReceiverType.EMAIL, List.of(1L, 2L, 3L, 4L, 5L), 5));
    }
}
