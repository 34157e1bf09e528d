package dev.floorwatch.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.floorwatch.metrics.domain.Overview;
import dev.floorwatch.metrics.store.TrendStore;

class TrendSamplerTest {

    private static final long MINUTE = 29_000_000L;
    private static final long START = MINUTE * 60_000;

    /** What reached Redis: tenant, minute, queue length, longest wait, online agents. */
    private final List<String> raised = new ArrayList<>();
    private final TrendSampler sampler = new TrendSampler(new TrendStore(null) {
        @Override
        public void raiseAll(List<Raise> raises, Duration retention) {
            raises.forEach(r -> raised.add(r.tenant() + " " + (r.epochMinute() - MINUTE) + " " + r.queueLength() + " "
                    + r.longestWaitSeconds() + " " + r.onlineAgents()));
        }
    }, Duration.ofHours(25));

    @Test
    void aMinutesMaximaAreWrittenOnceAFlushIsDueAndOnlyWhenTheyRose() {
        sampler.sample("acme", overview(3, 40, 5), START);
        sampler.sample("acme", overview(5, 10, 4), START + 1_000);
        sampler.flushIfDue(START + 1_000, Set.of("acme"));
        sampler.sample("acme", overview(2, 12, 5), START + 2_000);
        sampler.flushIfDue(START + 7_000, Set.of("acme"));
        sampler.sample("acme", overview(2, 50, 5), START + 8_000);
        sampler.flushIfDue(START + 13_000, Set.of("acme"));

        // The first flush is due at once; the second finds nothing higher; the third the longer wait.
        assertEquals(List.of("acme 0 5 40 5", "acme 0 5 50 5"), raised);
    }

    @Test
    void anEndedMinuteIsWrittenAfterTheRoundThatEndedIt() {
        sampler.flushIfDue(START, Set.of());
        sampler.sample("acme", overview(1, 2, 3), START + 58_000);
        sampler.flushIfDue(START + 58_000, Set.of("acme"));
        sampler.sample("acme", overview(1, 4, 3), START + 59_000);
        sampler.flushIfDue(START + 59_000, Set.of("acme")); // within 5 s of the last flush, nothing ended: nothing written
        sampler.sample("acme", overview(0, 0, 3), START + 60_000);
        assertEquals(List.of("acme 0 1 2 3"), raised);

        sampler.flushIfDue(START + 60_000, Set.of("acme")); // 2 s after the last flush, but a minute ended

        assertEquals(List.of("acme 0 1 2 3", "acme 0 1 4 3", "acme 1 0 0 3"), raised);
    }

    @Test
    void aTenantNoLongerTickedIsForgottenUnwritten() {
        sampler.flushIfDue(START, Set.of());
        sampler.sample("deleted", overview(4, 4, 4), START + 1_000);
        sampler.sample("acme", overview(1, 1, 1), START + 1_000);
        sampler.flushIfDue(START + 5_000, Set.of("acme"));

        assertEquals(List.of("acme 0 1 1 1"), raised);
    }

    private static Overview overview(long queueLength, long longestWaitSeconds, long onlineAgents) {
        return new Overview("acme", "2026-11-27T00:00:00Z", new Overview.Traffic(0, 0, 0),
                new Overview.Queue(queueLength, longestWaitSeconds, 0, 0, 0),
                new Overview.Agents(onlineAgents, 0, onlineAgents, 0, 0.0, 0),
                new Overview.Response(null, null, 0, 0), new Overview.Quality(0, 0, 0), List.of(), List.of(), List.of());
    }
}
