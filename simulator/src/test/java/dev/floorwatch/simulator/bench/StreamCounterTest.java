package dev.floorwatch.simulator.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class StreamCounterTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final ConcurrentHashMap<String, String> authorizations = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/tenants/", exchange -> {
            String tenant = exchange.getRequestURI().getPath().split("/")[3];
            authorizations.put(tenant, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!tenant.equals("t1")) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream body = exchange.getResponseBody()) {
                // The mark split across writes, an alert event, and text that starts the mark but is not one.
                for (String part : List.of("id:1\nevent:over", "view\ndata:{\"event\":\"x\"}\n\n", "event:alert\ndata:{}\n\n",
                        "id:2\nevent:ovevent:overview\ndata:{}\n\nevent:overvie\n\n", "id:3\nevent:overview\ndata:{}\n\n")) {
                    body.write(part.getBytes(StandardCharsets.US_ASCII));
                    body.flush();
                }
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool()); // the open stream holds its thread
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void countsEachOverviewEventOfEachStreamAndNoticesRefusedAndEndedStreams() {
        int[] overviews = new int[2];
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<Stack.Tenant> tenants = List.of(new Stack.Tenant("t1", "k1", "a1", "v1"), new Stack.Tenant("t2", "k2", "a2", "v2"));
        try (StreamCounter counter = new StreamCounter(base, tenants, (stream, at) -> {
            synchronized (overviews) {
                overviews[stream]++;
            }
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> counter.ended() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (overviews) {
                    return overviews[0] == 3;
                }
            });
            assertEquals("Bearer v1", authorizations.get("t1"));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> counter.ended() == 2);
            synchronized (overviews) {
                assertArrayEquals(new int[] {3, 0}, overviews);
            }
        }
    }

    @Test
    void fallbackTableIsKnuthMorrisPratts() {
        assertArrayEquals(new int[] {0, 0, 1, 2, 0}, StreamCounter.fallback("ababc".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0},
                StreamCounter.fallback("event:overview".getBytes(StandardCharsets.US_ASCII)));
    }
}
