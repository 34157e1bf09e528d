package dev.floorwatch.simulator.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.Traffic.SimEvent;

/**
 * Posts a generated day through the public ingest API as it happens: simulated time runs
 * {@code speed} times faster than the wall clock, every due event is sent with {@code occurredAt}
 * = now, in batches of at most 1,000, retrying 429 and 503 after their {@code Retry-After}.
 */
public final class Runner {

    private static final int BATCH = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final String ingestKey;
    private final double speed;

    public Runner(String ingestUrl, String tenant, String ingestKey, double speed) {
        this.events = URI.create(ingestUrl.replaceAll("/+$", "") + "/v1/tenants/" + tenant + "/events");
        this.ingestKey = ingestKey;
        this.speed = speed;
    }

    /** Runs the day in real time (scaled); returns the number of events accepted. */
    public long run(List<SimEvent> day) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        long lastReport = start;
        int next = 0;
        long accepted = 0;
        while (next < day.size()) {
            long now = System.currentTimeMillis();
            long simNow = (long) ((now - start) * speed);
            int due = next;
            while (due < day.size() && day.get(due).atMillis() <= simNow) {
                due++;
            }
            for (int from = next; from < due; from += BATCH) {
                accepted += post(day.subList(from, Math.min(due, from + BATCH)), start);
            }
            next = due;
            if (now - lastReport >= 10_000) {
                lastReport = now;
                System.out.printf("simulated %d min, %d/%d events posted%n", simNow / 60_000, next, day.size());
            }
            Thread.sleep(100);
        }
        return accepted;
    }

    private long post(List<SimEvent> batch, long start) throws IOException, InterruptedException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var array = body.putArray("events");
        batch.forEach(event -> array.add(event.at(start, speed)));
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer " + ingestKey).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return batch.size();
            }
            boolean retry = response.statusCode() == 429 || response.statusCode() == 503;
            if (!retry || attempt >= 10) {
                throw new IOException("ingest answered " + response.statusCode() + ": " + response.body());
            }
            long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(seconds * 1000);
        }
    }
}
