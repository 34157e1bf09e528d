package dev.floorwatch.simulator.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.simulator.domain.ChatwootRelay;
import dev.floorwatch.simulator.domain.ChatwootRelay.Delivery;
import dev.floorwatch.simulator.domain.ChatwootRelay.Route;
import dev.floorwatch.simulator.domain.Traffic.SimEvent;

/**
 * Posts a generated day through the public ingest API as it happens: simulated time runs
 * {@code speed} times faster than the wall clock, every due event is sent with {@code occurredAt}
 * = now, in batches of at most 1,000, retrying 429 and 503 after their {@code Retry-After}. With a
 * Chatwoot webhook secret, the web channel's conversations go through the Chatwoot webhook instead
 * ({@link ChatwootRelay}), one signed payload at a time and in order, as Chatwoot delivers them.
 */
public final class Runner {

    private static final int BATCH = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final URI chatwoot;
    private final String ingestKey;
    private final double speed;
    private String chatwootAccount;
    private String chatwootSecret;

    public Runner(String ingestUrl, String tenant, String ingestKey, double speed) {
        String base = ingestUrl.replaceAll("/+$", "") + "/v1/tenants/" + tenant;
        this.events = URI.create(base + "/events");
        this.chatwoot = URI.create(base + "/webhooks/chatwoot");
        this.ingestKey = ingestKey;
        this.speed = speed;
    }

    /** Sends the web channel's conversations as Chatwoot account {@code account}, signed with the tenant's webhook secret. */
    public Runner viaChatwoot(String account, String webhookSecret) {
        this.chatwootAccount = account;
        this.chatwootSecret = webhookSecret;
        return this;
    }

    /** Runs the day in real time (scaled); returns the number of deliveries accepted (events and webhook payloads). */
    public long run(List<SimEvent> day) throws IOException, InterruptedException {
        List<Delivery> deliveries = chatwootSecret != null ? ChatwootRelay.relay(day, chatwootAccount)
                : day.stream().map(e -> new Delivery(e.atMillis(), Route.EVENTS, e.envelope())).toList();
        long start = System.currentTimeMillis();
        long lastReport = start;
        int next = 0;
        long accepted = 0;
        while (next < deliveries.size()) {
            long now = System.currentTimeMillis();
            long simNow = (long) ((now - start) * speed);
            int due = next;
            while (due < deliveries.size() && deliveries.get(due).atMillis() <= simNow) {
                due++;
            }
            accepted += send(deliveries.subList(next, due), start);
            next = due;
            if (now - lastReport >= 10_000) {
                lastReport = now;
                System.out.printf("simulated %d min, %d/%d deliveries posted%n", simNow / 60_000, next, deliveries.size());
            }
            Thread.sleep(100);
        }
        return accepted;
    }

    /** Due deliveries in order: runs of events as batches, each Chatwoot payload on its own. */
    private long send(List<Delivery> due, long start) throws IOException, InterruptedException {
        long accepted = 0;
        List<ObjectNode> batch = new ArrayList<>();
        for (Delivery delivery : due) {
            if (delivery.route() == Route.EVENTS) {
                batch.add(delivery.at(start, speed));
                if (batch.size() == BATCH) {
                    accepted += postEvents(batch);
                    batch.clear();
                }
            } else {
                accepted += postEvents(batch);
                batch.clear();
                accepted += postChatwoot(delivery.at(start, speed));
            }
        }
        return accepted + postEvents(batch);
    }

    private long postEvents(List<ObjectNode> batch) throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("events").addAll(batch);
        HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Authorization", "Bearer " + ingestKey);
        post(request, body.toString().getBytes(StandardCharsets.UTF_8));
        return batch.size();
    }

    private long postChatwoot(ObjectNode payload) throws IOException, InterruptedException {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(chatwoot).header("X-Chatwoot-Timestamp", Long.toString(timestamp))
                .header("X-Chatwoot-Signature", chatwootSignature(chatwootSecret, timestamp, body));
        post(request, body);
        return 1;
    }

    private void post(HttpRequest.Builder request, byte[] body) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request.copy().header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return;
            }
            boolean retry = response.statusCode() == 429 || response.statusCode() == 503;
            if (!retry || attempt >= 10) {
                throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(seconds * 1000);
        }
    }

    /** Chatwoot's {@code X-Chatwoot-Signature}: {@code sha256=} hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    static String chatwootSignature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
