package dev.floorwatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Floorwatch service started from its built jar as a real process, on the real Kafka and Redis
 * of deploy/local with the test topics and Redis database: integration tests cross service
 * boundaries and survive restarts the way production does.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final String OPERATOR_TOKEN = "test-operator-token";
    private static final Path ROOT = LocalStack.ROOT;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String module;
    private final Map<String, String> env;
    private final int port;
    private Process process;
    private int starts;

    private ServiceProcess(String module, Map<String, String> extraEnv) throws IOException {
        this.module = module;
        this.port = freePort();
        this.env = new HashMap<>(extraEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("FLOORWATCH_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("FLOORWATCH_REDIS_URL", "redis://127.0.0.1:6379/1");
        env.put("FLOORWATCH_TOPICS_EVENTS", "floorwatch-test.events");
        env.put("FLOORWATCH_TOPICS_SNAPSHOTS", "floorwatch-test.snapshots");
        env.put("FLOORWATCH_TOPICS_ALERTS", "floorwatch-test.alerts");
        env.put("FLOORWATCH_TENANCY_CREDENTIAL_CACHE_TTL", "200ms");
    }

    /** Starts {@code module}'s jar and waits until it is ready. */
    public static ServiceProcess start(String module, Map<String, String> extraEnv) throws IOException {
        ServiceProcess service = new ServiceProcess(module, extraEnv);
        service.launch();
        return service;
    }

    public void launch() throws IOException {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the module first (mvn verify does)");
        }
        // Next to the calling module's test reports.
        Path logs = Path.of(System.getProperty("user.dir")).resolve("target/it-logs");
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(module + "-" + port + "-" + (++starts) + ".log").toFile());
        builder.environment().putAll(env);
        process = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || ready());
        if (!process.isAlive()) {
            throw new IllegalStateException(module + " exited at start; see " + logs);
        }
    }

    /** Kills the process at once, as a crash or an OOM kill would (no graceful shutdown). */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
