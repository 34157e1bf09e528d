package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {

    @Test
    void anUnchangedEmptyFloorIsPublishedEveryFiveSeconds() {
        Overview before = floor("09:00:00", 0, 0, 0, 12);
        Overview now = floor("09:00:01", 0, 0, 0, 12);

        assertFalse(SnapshotPolicy.due(now, before, 1_000));
        assertFalse(SnapshotPolicy.due(now, before, 4_999));
        assertTrue(SnapshotPolicy.due(now, before, 5_000));
    }

    @Test
    void aChangedNumberIsPublishedAtOnce() {
        // An hour window aged: 12 conversations started in the last hour became 11.
        assertTrue(SnapshotPolicy.due(floor("09:00:01", 0, 0, 0, 11), floor("09:00:00", 0, 0, 0, 12), 1_000));
    }

    @Test
    void aFloorWithAClockRunningIsPublishedEverySecondEvenUnchanged() {
        assertTrue(SnapshotPolicy.due(floor("09:00:01", 1, 0, 0, 12), floor("09:00:00", 1, 0, 0, 12), 1_000), "open conversation");
        assertTrue(SnapshotPolicy.due(floor("09:00:01", 0, 2, 0, 12), floor("09:00:00", 0, 2, 0, 12), 1_000), "queue");
        assertTrue(SnapshotPolicy.due(floor("09:00:01", 0, 0, 1, 12), floor("09:00:00", 0, 0, 1, 12), 1_000), "unanswered");
    }

    @Test
    void theFirstOverviewIsPublished() {
        assertTrue(SnapshotPolicy.due(floor("09:00:00", 0, 0, 0, 0), null, 0));
    }

    private static Overview floor(String time, long open, long queued, long unanswered, long startedLastHour) {
        return new Overview("acme", "2026-11-27T" + time + "Z", new Overview.Traffic(3, open, startedLastHour),
                new Overview.Queue(queued, 0, 0, 0, 0), new Overview.Agents(2, 0, 2, 0, 0.0, 0),
                new Overview.Response(12.5, 30.0, unanswered, 0), new Overview.Quality(0, 0, 0),
                List.of(new Overview.ChannelRow("web", 3, open, queued, 0, startedLastHour)), List.of(), List.of());
    }
}
