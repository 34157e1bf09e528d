package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Ingest 202 → the wallboard's stream shows it: a probe tenant's stream is open; at random
 * moments (so the stream's once-a-second cadence is sampled everywhere) one conversation starts,
 * and the sample is the time from the 202 to the first {@code overview} that counts it.
 */
final class Freshness {

    private final Stack stack;
    private final Object lock = new Object();
    private long started;
    private long arrived;

    Freshness(Stack stack) {
        this.stack = stack;
    }

    Map<String, Object> run(Stack.Tenant probe, Duration duration, long seed) throws Exception {
        List<Double> samples = new ArrayList<>();
        int missed = 0;
        int late = 0;
        Random random = new Random(seed);
        try (Stack.Sse sse = stack.stream(probe, (json, at) -> {
            JsonNode overview = overviewOf(json);
            synchronized (lock) {
                long count = overview.path("traffic").path("startedLast60m").asLong();
                if (count > started) {
                    started = count;
                    arrived = at;
                    lock.notifyAll();
                }
            }
        })) {
            long end = System.nanoTime() + duration.toNanos();
            TimeUnit.MILLISECONDS.sleep(500); // the stream's first overview
            for (int i = 0; System.nanoTime() < end; i++) {
                TimeUnit.MILLISECONDS.sleep(100 + random.nextInt(300));
                int status;
                try {
                    status = stack.postEvents(probe, Day.started("fresh-" + i, "fresh-c" + i).toString()).statusCode();
                } catch (IOException e) {
                    status = -1; // an overloaded ingest: counted, not fatal
                }
                long accepted = System.nanoTime();
                if (status != 202) {
                    missed++;
                    continue;
                }
                long want = i + 1 - missed;
                synchronized (lock) {
                    long deadline = accepted + TimeUnit.SECONDS.toNanos(10);
                    while (started < want && System.nanoTime() < deadline) {
                        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    }
                    if (started < want) {
                        late++; // not on the stream after 10 s: reported, and later samples still count
                        continue;
                    }
                    // The overview may arrive before the 202 does: that counts as 0.
                    samples.add(Math.max(0, arrived - accepted) / 1e6);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("notAccepted", missed);
        out.put("notOnStreamWithin10s", late);
        out.put("latencyMs", Percentiles.of(samples.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    private static JsonNode overviewOf(String json) {
        try {
            return Stack.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable overview on the stream", e);
        }
    }
}
