package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The running stack as the harness sees it: the four services' public APIs, Kafka, Redis (via
 * {@code redis-cli}) and, for a stack started by {@code ./floorwatch up}, its pid files.
 */
public final class Stack {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where everything is. {@code metricsGroup} and {@code alertEventsGroup}: the consumer groups of
     * the events topic (metrics-service, alert-service's risk matching); {@code alertSnapshotsGroup}:
     * alert-service's group of the snapshots topic (threshold rules). All drained between steps.
     * {@code runDir} (pid files) may be null: no RSS then.
     */
    public record Target(String ingest, String metrics, String alerts, String notifier, String kafka, String eventsTopic,
            String snapshotsTopic, String alertsTopic, String operatorToken, String metricsGroup, String alertEventsGroup,
            String alertSnapshotsGroup, String redisHost, int redisPort, int redisDb, Path runDir) {
    }

    record Tenant(String id, String ingestKey, String adminToken, String viewerToken) {
    }

    final Target target;
    // HTTP/1.1: the JDK client otherwise asks every plain-http request to upgrade to h2c.
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The freshness probe's stream has its own client: its events do not queue behind the load's requests on one selector thread. */
    private final HttpClient streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Tenant> created = new ArrayList<>();
    /** Keeps tenant ids apart when creating threads read the same nanoTime (a run once ended on a 409). */
    private static final AtomicLong TENANT_SEQUENCE = new AtomicLong();

    Stack(Target target) {
        this.target = target;
    }

    /** A new tenant with default rules and a rate limit the benchmark never reaches, deleted at the end. */
    Tenant createTenant(String prefix) throws IOException, InterruptedException {
        Tenant tenant = createLastingTenant(prefix);
        synchronized (created) {
            created.add(tenant);
        }
        return tenant;
    }

    /** Like {@link #createTenant}, but kept after the run (the watched tenants, reused by later runs). */
    Tenant createLastingTenant(String prefix) throws IOException, InterruptedException {
        String id = prefix + "-" + Long.toString(System.nanoTime(), 36) + Long.toString(TENANT_SEQUENCE.incrementAndGet(), 36);
        HttpResponse<String> response = send("POST", target.ingest() + "/v1/tenants", target.operatorToken(),
                "{\"id\": \"" + id + "\", \"name\": \"benchmark\", \"rateLimit\": {\"eventsPerSecond\": 1000000, \"burst\": 1000000}}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not create tenant " + id + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode c = JSON.readTree(response.body());
        return new Tenant(id, c.path("ingestKey").asText(), c.path("adminToken").asText(), c.path("viewerToken").asText());
    }

    boolean exists(Tenant tenant) throws IOException, InterruptedException {
        return send("GET", target.ingest() + "/v1/tenants/" + tenant.id(), target.operatorToken(), null).statusCode() == 200;
    }

    /**
     * Deletes the run's tenants with their live data, four at a time. A failure is reported, not
     * thrown: it must not hide the run's own outcome.
     */
    void deleteCreatedTenants() {
        List<Tenant> all;
        synchronized (created) {
            all = new ArrayList<>(created);
            created.clear();
        }
        for (int from = 0; from < all.size(); from += 4) {
            List<CompletableFuture<HttpResponse<Void>>> deletes = all.subList(from, Math.min(all.size(), from + 4)).stream()
                    .map(tenant -> http.sendAsync(HttpRequest.newBuilder(URI.create(target.ingest() + "/v1/tenants/" + tenant.id()))
                            .header("Authorization", "Bearer " + target.operatorToken()).timeout(Duration.ofMinutes(2)).DELETE().build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .toList();
            for (var delete : deletes) {
                try {
                    delete.join();
                } catch (RuntimeException e) {
                    progress("  could not delete a benchmark tenant: %s", e.getMessage());
                }
            }
        }
    }

    void putReceivers(Tenant tenant, String receiversJson) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", target.notifier() + "/v1/tenants/" + tenant.id() + "/receivers",
                tenant.adminToken(), receiversJson);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("receivers of " + tenant.id() + ": " + response.statusCode() + " " + response.body());
        }
    }

    HttpResponse<String> postEvents(Tenant tenant, String body) throws IOException, InterruptedException {
        return http.send(eventsRequest(tenant, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest eventsRequest(Tenant tenant, String body) {
        return request("POST", target.ingest() + "/v1/tenants/" + tenant.id() + "/events", tenant.ingestKey(), body);
    }

    HttpResponse<String> send(String method, String url, String token, String body) throws IOException, InterruptedException {
        return http.send(request(method, url, token, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String method, String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /**
     * Opens the tenant's wallboard stream and calls {@code onOverview} with each {@code overview}
     * event's data (JSON text) and the harness time it arrived (nanoTime). Close the returned
     * stream to end it. (Many streams at once: {@link StreamCounter}.)
     */
    Sse stream(Tenant tenant, OverviewListener onOverview) {
        Sse sse = new Sse(onOverview);
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.metrics() + "/v1/tenants/" + tenant.id() + "/stream"))
                .header("Authorization", "Bearer " + tenant.viewerToken()).header("Accept", "text/event-stream").GET().build();
        streams.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(sse));
        return sse;
    }

    interface OverviewListener {
        void overview(String json, long arrivedNanos);
    }

    /** One SSE connection, read line by line without a thread of its own. */
    static final class Sse implements Flow.Subscriber<String>, AutoCloseable {

        private final OverviewListener listener;
        private Flow.Subscription subscription;
        private String event;

        Sse(OverviewListener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && "overview".equals(event)) {
                listener.overview(line.substring(5), System.nanoTime());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // The probe counts what it did not see on the stream.
        }

        @Override
        public void onComplete() {
            // Nothing more will come; the probe's own clock decides.
        }

        @Override
        public synchronized void close() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    /** A {@code redis-cli} command's output (the harness has no Redis client of its own). */
    String redis(String... args) throws IOException, InterruptedException {
        return redisIn(target.redisDb(), args);
    }

    String redisIn(int db, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", target.redisHost(), "-p", Integer.toString(target.redisPort()),
                "-n", Integer.toString(db)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("redis-cli " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** A numeric field of {@code INFO}, e.g. {@code used_memory}. */
    long redisInfo(String section, String field) throws IOException, InterruptedException {
        for (String line : redis("INFO", section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IOException("no " + field + " in INFO " + section);
    }

    static void progress(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
