package dev.floorwatch.notifier.domain;

import java.util.List;

/**
 * A receiver's rate limit as the vendors count it: at most {@code perMinute} messages in any 60 s
 * and {@code perSecond} in any 1 s. A token bucket refilled continuously would allow a full burst
 * plus the refill within one minute (40 messages to a 20/min DingTalk robot, which then blocks it);
 * this is the bucket whose tokens come back exactly a window after they were spent.
 */
public final class SendWindow {

    private SendWindow() {
    }

    /**
     * When the next message may go: {@code now} if it may go now, else the first moment both
     * windows have room. {@code sent} holds the epoch ms of the messages sent in the last minute.
     */
    public static long nextAllowed(ReceiverType type, List<Long> sent, long now) {
        long at = now;
        if (type.perMinute > 0) {
            at = Math.max(at, freeAt(sent, type.perMinute, 60_000, now));
        }
        if (type.perSecond > 0) {
            at = Math.max(at, freeAt(sent, type.perSecond, 1_000, now));
        }
        return at;
    }

    /** With {@code limit} sends allowed per {@code window}: when the window ending then holds fewer than limit. */
    private static long freeAt(List<Long> sent, int limit, long window, long now) {
        List<Long> inWindow = sent.stream().filter(t -> t > now - window).sorted().toList();
        if (inWindow.size() < limit) {
            return now;
        }
        // The oldest send that must leave the window before one more fits.
        return inWindow.get(inWindow.size() - limit) + window;
    }
}
