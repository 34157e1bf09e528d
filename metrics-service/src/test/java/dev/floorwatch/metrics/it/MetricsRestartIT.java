package dev.floorwatch.metrics.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.support.FloorScript;
import dev.floorwatch.metrics.support.Pipeline;
import dev.floorwatch.testing.ServiceProcess;

import static io.restassured.RestAssured.given;

/**
 * A metrics-service killed (no graceful shutdown) in the middle of a stream and started again
 * ends with exactly the numbers the pure logic computes: nothing lost, nothing counted twice.
 */
class MetricsRestartIT {

    private static ServiceProcess ingest;
    private static ServiceProcess metrics;

    @BeforeAll
    static void startServices() throws Exception {
        ingest = ServiceProcess.start("ingest-service", Map.of());
        metrics = ServiceProcess.start("metrics-service", Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-restart-it",
                // Small polls, so the kill lands between two of them with some applied and some not.
                "FLOORWATCH_METRICS_MAX_POLL_RECORDS", "50"));
    }

    @AfterAll
    static void stopServices() {
        metrics.close();
        ingest.close();
    }

    /** A busy stretch: 300 conversations over ten minutes across channels, groups and agents. */
    static List<EventEnvelope> busyFloor() {
        FloorScript s = new FloorScript("2026-11-26");
        String[] channels = { "web", "h5", "app", "wechat_oa", "landing" };
        String[] groups = { "presales", "aftersales" };
        for (int a = 0; a < 12; a++) {
            s.agent("10:00:00", "agent-" + a, a % 5 == 4 ? "away" : "online", 3 + a % 3, groups[a % 2]);
        }
        for (int i = 0; i < 300; i++) {
            String c = "c-" + i;
            String channel = channels[i % channels.length];
            String group = groups[i % 2];
            int second = i * 2;
            s.visitorOnline(time(second), "v-" + i, channel, i % 7 == 0 ? "vip" : null);
            s.started(time(second), c, channel, "v-" + i, i % 7 == 0 ? "vip" : null);
            s.queued(time(second + 1), c, channel, group);
            if (i % 4 != 3) {
                s.assigned(time(second + 20), c, channel, "agent-" + (i % 12), group);
                s.message(time(second + 21), c, "visitor", null, "你好");
                if (i % 5 != 0) {
                    s.message(time(second + 30 + i % 40), c, "agent", "agent-" + (i % 12), "您好");
                }
            }
            if (i % 6 == 0) {
                s.closed(time(second + 90), c, channel);
                s.rated(time(second + 91), c, channel, 1 + i % 5);
            } else if (i % 11 == 0) {
                s.abandoned(time(second + 15), c, channel);
            }
        }
        return s.events();
    }

    private static String time(int secondsAfterTen) {
        return String.format("%02d:%02d:%02d", 10 + secondsAfterTen / 3600, secondsAfterTen / 60 % 60, secondsAfterTen % 60);
    }

    @Test
    void crashMidStreamLosesAndDoublesNothing() throws Exception {
        Pipeline pipeline = new Pipeline(ingest, metrics);
        Pipeline.Tenant tenant = pipeline.createTenant();
        List<EventEnvelope> floor = busyFloor();
        Duration shift = Duration.between(Instant.parse("2026-11-26T10:12:00Z"), Instant.now());
        List<EventEnvelope> shifted = FloorScript.shifted(floor, shift);

        pipeline.post(tenant, shifted.subList(0, shifted.size() / 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> applied() > 0);
        double appliedBeforeCrash = applied();
        metrics.crash();
        System.out.printf("killed metrics-service after %.0f of %d events were applied%n", appliedBeforeCrash, shifted.size());
        pipeline.post(tenant, shifted.subList(shifted.size() / 2, shifted.size()));
        metrics.launch();

        AtomicReference<String> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode actual = pipeline.overview(tenant);
                JsonNode expected = Pipeline.expected(floor, shift, Instant.parse(actual.get("at").asText()));
                last.set("expected " + expected + "\n but was " + Pipeline.comparable(actual));
                return expected.equals(Pipeline.comparable(actual));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("after the crash the overview never matched the oracle: " + last.get(), e);
        }
    }

    private static double applied() {
        String metricsText = given().get(metrics.url("/q/metrics")).then().extract().asString();
        List<String> lines = new ArrayList<>(List.of(metricsText.split("\n")));
        return lines.stream().filter(l -> l.startsWith("floorwatch_metrics_events_applied_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
