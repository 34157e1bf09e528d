package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Memory: resident set of each service (from the launcher's pid files) and Redis bytes per open conversation. */
final class Footprint {

    static final List<String> SERVICES = List.of("ingest-service", "metrics-service", "alert-service", "notifier-service");

    private final Stack stack;

    Footprint(Stack stack) {
        this.stack = stack;
    }

    /** VmRSS in MiB per service; empty without a run directory (a stack not started by the launcher). */
    Map<String, Object> rssMiB() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (stack.target.runDir() == null) {
            return out;
        }
        for (String service : SERVICES) {
            Path pid = stack.target.runDir().resolve(service + ".pid");
            if (!Files.exists(pid)) {
                continue;
            }
            Path status = Path.of("/proc", Files.readString(pid).trim(), "status");
            if (!Files.exists(status)) {
                continue;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    out.put(service, Stack.round(kib / 1024.0));
                }
            }
        }
        return out;
    }

    /**
     * Redis {@code used_memory} growth for {@code n} conversations opened, queued, assigned and
     * with one message each, in a fresh tenant, once the overview counts them all — including
     * the services' idempotency marks of those events, reported separately.
     */
    Map<String, Object> redisPerOpenConversation(int n) throws Exception {
        Stack.Tenant tenant = stack.createTenant("bench-memory");
        long before = stack.redisInfo("memory", "used_memory");
        String at = Instant.now().toString();
        for (int start = 0; start < n; start += 250) {
            var batch = Stack.JSON.createObjectNode();
            var events = batch.putArray("events");
            for (int i = start; i < Math.min(n, start + 250); i++) {
                String c = "c" + i;
                ObjectNode started = events.addObject().put("id", c + "-s").put("type", "conversation.started").put("occurredAt", at)
                        .put("channel", "web").put("conversationId", c).put("visitorId", "v" + i);
                started.putObject("data").put("initiator", "visitor").put("valueTier", "normal");
                events.addObject().put("id", c + "-q").put("type", "conversation.queued").put("occurredAt", at).put("channel", "web")
                        .put("conversationId", c).put("skillGroup", "presales");
                events.addObject().put("id", c + "-a").put("type", "conversation.assigned").put("occurredAt", at).put("channel", "web")
                        .put("conversationId", c).put("agentId", "a" + (i % 50)).put("skillGroup", "presales");
                events.addObject().put("id", c + "-m").put("type", "message.created").put("occurredAt", at).put("conversationId", c)
                        .putObject("data").put("sender", "visitor").put("text", "你好");
            }
            var response = stack.postEvents(tenant, batch.toString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("memory probe events: " + response.statusCode() + " " + response.body());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            var overview = stack.send("GET", stack.target.metrics() + "/v1/tenants/" + tenant.id() + "/overview", tenant.viewerToken(), null);
            if (overview.statusCode() == 200
                    && Stack.JSON.readTree(overview.body()).path("traffic").path("openConversations").asLong() >= n) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " open conversations not on the overview after 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        long used = stack.redisInfo("memory", "used_memory") - before;
        // used_memory also moves with everything else Redis does meanwhile (earlier runs' marks
        // expiring made it grow by less than the tenant's keys take); the tenant's own keys do not.
        long[] keys = tenantKeyBytes(tenant.id());
        long marks = Math.round((double) keys[1] / n);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("openConversations", n);
        out.put("usedMemoryGrowthBytes", used);
        out.put("bytesPerOpenConversation", Math.round((double) used / n));
        // Four events per conversation, each marked by ingest and metrics-service, the message also by alert-service.
        out.put("ofWhichIdempotencyMarksPerConversation", marks);
        out.put("withoutMarksPerConversation", Math.round((double) used / n) - marks);
        out.put("keysBytesPerOpenConversation", Math.round((double) (keys[0] + keys[1]) / n));
        out.put("keysWithoutMarksPerConversation", Math.round((double) keys[0] / n));
        return out;
    }

    /**
     * {@code MEMORY USAGE} summed over the tenant's keys: [state, idempotency marks]. It leaves out
     * Redis's own entry for each key in its key (and expiry) tables.
     */
    private long[] tenantKeyBytes(String tenant) throws Exception {
        String script = "local out = {} for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
                + " out[#out + 1] = k out[#out + 1] = redis.call('MEMORY', 'USAGE', k) end return out";
        String[] lines = stack.redis("EVAL", script, "0", "fw:{" + tenant + "}:*").trim().split("\r?\n");
        long[] bytes = new long[2];
        for (int i = 0; i + 1 < lines.length; i += 2) {
            bytes[lines[i].contains(":marks:") ? 1 : 0] += Long.parseLong(lines[i + 1].trim());
        }
        return bytes;
    }

    /** The launcher's start measurements ({@code ./floorwatch bench} restarts each service first), if any. */
    static Map<String, Object> startTimes(Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (file == null || !Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                out.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return out;
    }
}
