package dev.floorwatch.notifier.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for a Feishu or DingTalk custom robot that checks each request as the vendor
 * does — timestamp unit and freshness (1 h), the signature computed here from the vendor's
 * documentation, not from the code under test — and answers with the vendor's bodies: success,
 * the signature error, or what a test queued ({@link #answerNext}). HTTP 200 on failure, as they do.
 */
final class RobotStandIn implements AutoCloseable {

    enum Vendor { FEISHU, DINGTALK }

    /** A request as received: when, its JSON body, and whether the signature checked out. */
    record Received(long at, JsonNode body, boolean signed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vendor vendor;
    private final String secret;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private record Answer(int status, String body) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();

    RobotStandIn(Vendor vendor, String secret) throws IOException {
        this.vendor = vendor;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        int port = server.getAddress().getPort();
        return vendor == Vendor.FEISHU ? "http://127.0.0.1:" + port + "/open-apis/bot/v2/hook/it-token"
                : "http://127.0.0.1:" + port + "/robot/send?access_token=it-token";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The next request gets this HTTP status and body instead of a success. */
    synchronized void answerNext(int status, String body) {
        answers.add(new Answer(status, body));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        boolean signed = vendor == Vendor.FEISHU ? feishuSigned(body, now) : dingTalkSigned(exchange.getRequestURI().getRawQuery(), now);
        received.add(new Received(now, body, signed));
        int status = 200;
        String answer;
        synchronized (this) {
            if (!signed) {
                answer = vendor == Vendor.FEISHU
                        ? "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}"
                        : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
            } else if (!answers.isEmpty()) {
                Answer next = answers.poll();
                status = next.status();
                answer = next.body();
            } else {
                answer = vendor == Vendor.FEISHU ? "{\"code\":0,\"msg\":\"success\",\"data\":{}}" : "{\"errcode\":0,\"errmsg\":\"ok\"}";
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Feishu: "timestamp" (seconds, a string) and "sign" in the body; key = timestamp + "\n" + secret, message empty. */
    private boolean feishuSigned(JsonNode body, long now) {
        String ts = body.path("timestamp").asText("");
        if (!ts.matches("\\d{10}") || Math.abs(now / 1000 - Long.parseLong(ts)) > 3600) {
            return false;
        }
        return hmac((ts + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]).equals(body.path("sign").asText());
    }

    /** DingTalk: timestamp (milliseconds) and sign in the query, sign URL-encoded once; key = secret, message = ts + "\n" + secret. */
    private boolean dingTalkSigned(String rawQuery, long now) {
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String ts = query.getOrDefault("timestamp", "");
        if (!ts.matches("\\d{13}") || Math.abs(now - Long.parseLong(ts)) > 3_600_000) {
            return false;
        }
        String sign = URLDecoder.decode(query.getOrDefault("sign", ""), StandardCharsets.UTF_8);
        return hmac(secret.getBytes(StandardCharsets.UTF_8), (ts + "\n" + secret).getBytes(StandardCharsets.UTF_8)).equals(sign);
    }

    private static String hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
