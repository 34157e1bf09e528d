package dev.floorwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import dev.floorwatch.testing.ConsumerGroups;
import dev.floorwatch.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The real sources end to end: Chatwoot webhooks (signed as Chatwoot signs), WeChat Official
 * Account pushes (safe mode, encrypted here independently of the product's code) and the beacon
 * script in a real Chromium, through ingest-service into the overview of metrics-service on the
 * real Kafka and Redis.
 */
class SourcesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHATWOOT_FIXTURES = Path.of("../ingest-service/src/test/resources/chatwoot");
    private static final String SECRET = "cw-webhook-secret-0123456789";

    private static ServiceProcess ingest;
    private static ServiceProcess metrics;

    @BeforeAll
    static void startServices() throws IOException {
        ingest = ServiceProcess.start("ingest-service", Map.of());
        metrics = ServiceProcess.start("metrics-service", Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-sources"));
        ConsumerGroups.awaitAssigned("metrics-sources", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopServices() {
        for (ServiceProcess service : new ServiceProcess[] { metrics, ingest }) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void aChatwootConversationLifeCycleEndsInTheOverview() throws IOException {
        Floor floor = Floor.newTenant(ingest, "Chatwoot 接入");
        given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON)
                .body("{\"accountId\": 7, \"webhookSecret\": \"" + SECRET + "\"}")
                .put(ingest.url("/v1/tenants/" + floor.tenant + "/sources/chatwoot")).then().statusCode(200);
        JsonPath sources = given().auth().oauth2(floor.adminToken).get(ingest.url("/v1/tenants/" + floor.tenant + "/sources"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(true, sources.getBoolean("sources.chatwoot.webhookSecretSet"));
        assertTrue(!sources.prettify().contains(SECRET), "the secret is never read back");

        // The fixtures' conversation, moved so that it started 200 s ago.
        long shift = Instant.now().getEpochSecond() - 200 - Instant.parse("2026-11-26T13:20:00Z").getEpochSecond();
        List<Path> files;
        try (Stream<Path> listed = Files.list(CHATWOOT_FIXTURES)) {
            files = listed.sorted().toList();
        }
        assertEquals(11, files.size());
        for (Path file : files) {
            JsonNode payload = shifted(JSON.readTree(file.toFile()), shift);
            postChatwoot(floor, payload.toString()).then().statusCode(202);
            String name = file.getFileName().toString();
            if (name.startsWith("01_")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("traffic.onlineVisitors") == 1);
            } else if (name.startsWith("05_")) {
                // Handed off by the bot: now it waits for a person.
                await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("queue.length") == 1);
            } else if (name.startsWith("07_")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("queue.length") == 0
                        && overview(floor).getInt("traffic.openConversations") == 1);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("traffic.openConversations") == 0);
        JsonPath overview = overview(floor);
        assertEquals(1, overview.getInt("traffic.startedLast60m"));
        assertEquals(1, overview.getInt("quality.negativeRatingsLast60m"), "CSAT 2 is a negative rating");
        // Assigned at +60.123 s, the agent answered at +90 s.
        double frt = overview.getDouble("response.firstResponseAvgSeconds");
        assertTrue(frt > 29 && frt < 31, "first response time " + frt);

        // A redelivery changes nothing; a bad signature is refused; an unknown event is kept visible.
        postChatwoot(floor, shifted(JSON.readTree(files.get(10).toFile()), shift).toString()).then().statusCode(202);
        long now = Instant.now().getEpochSecond();
        given().header("X-Chatwoot-Timestamp", Long.toString(now)).header("X-Chatwoot-Signature", "sha256=" + "00".repeat(32))
                .contentType(ContentType.JSON).body("{\"event\": \"message_created\"}")
                .post(ingest.url("/v1/tenants/" + floor.tenant + "/webhooks/chatwoot"))
                .then().statusCode(401).contentType("application/problem+json");
        postChatwoot(floor, "{\"event\": \"inbox_created\", \"id\": 3}").then().statusCode(202)
                .body("ignored", org.hamcrest.Matchers.containsString("unknown event"));
        JsonPath rejects = given().auth().oauth2(floor.viewerToken).get(ingest.url("/v1/tenants/" + floor.tenant + "/sources/rejects"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("inbox_created", rejects.getString("rejects[0].event"));
        assertEquals("chatwoot", rejects.getString("rejects[0].source"));
        assertEquals(1, overview(floor).getInt("traffic.startedLast60m"));
    }

    @Test
    void aWeChatSessionInSafeModeIsQueuedAssignedAndClosed() throws Exception {
        Floor floor = Floor.newTenant(ingest, "公众号接入");
        String token = "floorwatch2026";
        String aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        String appId = "wx5823bf96d3bd56c7";
        given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON)
                .body(Map.of("appId", appId, "token", token, "encodingAesKey", aesKey))
                .put(ingest.url("/v1/tenants/" + floor.tenant + "/sources/wechat")).then().statusCode(200)
                .body("tokenSet", org.hamcrest.Matchers.equalTo(true));
        String url = ingest.url("/v1/tenants/" + floor.tenant + "/webhooks/wechat");

        // URL verification as the Official Account console does it.
        String ts = Long.toString(Instant.now().getEpochSecond());
        given().queryParams(Map.of("signature", sha1(token, ts, "8123"), "timestamp", ts, "nonce", "8123", "echostr", "6247016374226411584"))
                .get(url).then().statusCode(200).body(org.hamcrest.Matchers.equalTo("6247016374226411584"));
        given().queryParams(Map.of("signature", sha1("wrong", ts, "8123"), "timestamp", ts, "nonce", "8123", "echostr", "1"))
                .get(url).then().statusCode(401);

        String openId = "oRL1w5" + floor.tenant.replace("-", "");
        long now = Instant.now().getEpochSecond();
        String text = "<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + (now - 30) + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[在吗？我要退货]]></Content>"
                + "<MsgId>24581234567890123</MsgId></xml>";
        pushEncrypted(url, token, aesKey, appId, text);
        await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("queue.length") == 1);
        // WeChat retries a push it thinks failed: the same MsgId opens no second conversation.
        pushEncrypted(url, token, aesKey, appId, text);

        pushEncrypted(url, token, aesKey, appId, event(openId, now - 20, "kf_create_session", "<KfAccount><![CDATA[kf2001@gh_abc]]></KfAccount>"));
        await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("queue.length") == 0
                && overview(floor).getInt("traffic.openConversations") == 1);
        pushEncrypted(url, token, aesKey, appId, event(openId, now - 10, "kf_close_session", "<KfAccount><![CDATA[kf2001@gh_abc]]></KfAccount>"));
        await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("traffic.openConversations") == 0);
        assertEquals(1, overview(floor).getInt("traffic.startedLast60m"));
        JsonPath channels = overview(floor);
        assertEquals("wechat_oa", channels.getString("channels.find { it.startedLast60m == 1 }.channel"));
    }

    @Test
    void theBeaconScriptOnAnAllowedPageCountsTheVisitorUntilTheyLeave() throws Exception {
        Floor floor = Floor.newTenant(ingest, "访客信标");
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        String siteKey = given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON)
                .body(Map.of("allowedOrigins", List.of(origin)))
                .put(ingest.url("/v1/tenants/" + floor.tenant + "/sources/beacon")).then().statusCode(200)
                .extract().path("siteKey");
        String page = "<!doctype html><html><head><meta charset=utf-8><title>双十一</title>"
                + "<script async src=\"" + ingest.url("/beacon.js") + "\" data-tenant=\"" + floor.tenant + "\" data-key=\""
                + siteKey + "\" data-channel=\"landing\"></script></head><body><h1>限时优惠</h1></body></html>";
        site.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        ChromeDriver browser = Browser.open();
        try {
            browser.get(origin + "/promo/double11?utm_source=baidu&utm_campaign=d11");
            await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("traffic.onlineVisitors") == 1);
            assertEquals(1, overview(floor).getInt("channels.find { it.channel == 'landing' }.onlineVisitors"));
            // Leaving the page sends "offline".
            browser.get("about:blank");
            await().atMost(Duration.ofSeconds(10)).until(() -> overview(floor).getInt("traffic.onlineVisitors") == 0);
        } finally {
            browser.quit();
            site.stop(0);
        }

        // Another site cannot use the key; a wrong key from the right site is refused.
        String ping = "{\"key\": \"" + siteKey + "\", \"visitor\": \"abcdefgh12\", \"event\": \"online\"}";
        given().header("Origin", "https://evil.example").contentType("text/plain").body(ping)
                .post(ingest.url("/v1/tenants/" + floor.tenant + "/beacon")).then().statusCode(403);
        given().header("Origin", origin).contentType("text/plain").body(ping.replace(siteKey, "fwk_wrong"))
                .post(ingest.url("/v1/tenants/" + floor.tenant + "/beacon")).then().statusCode(401);
        given().header("Origin", origin).contentType("text/plain").body(ping)
                .post(ingest.url("/v1/tenants/" + floor.tenant + "/beacon")).then().statusCode(204)
                .header("Access-Control-Allow-Origin", origin);
    }

    // ------------------------------------------------------------------ helpers

    private static JsonPath overview(Floor floor) {
        return given().auth().oauth2(floor.viewerToken).get(metrics.url("/v1/tenants/" + floor.tenant + "/overview"))
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response postChatwoot(Floor floor, String body) {
        long timestamp = Instant.now().getEpochSecond();
        return given().header("X-Chatwoot-Timestamp", Long.toString(timestamp))
                .header("X-Chatwoot-Signature", "sha256=" + hmac(SECRET, timestamp + "." + body))
                .header("X-Chatwoot-Delivery", java.util.UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .post(ingest.url("/v1/tenants/" + floor.tenant + "/webhooks/chatwoot"));
    }

    /** Moves every Chatwoot time of a payload by {@code seconds} (unix numbers and ISO strings alike). */
    private static JsonNode shifted(JsonNode node, long seconds) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.fieldNames().forEachRemaining(name -> {
                JsonNode value = object.get(name);
                boolean time = List.of("created_at", "updated_at", "timestamp", "last_activity_at", "waiting_since",
                        "contact_last_seen_at").contains(name);
                if (time && value.isIntegralNumber() && value.asLong() > 1_000_000_000) {
                    object.put(name, value.asLong() + seconds);
                } else if (time && value.isNumber() && value.asDouble() > 1_000_000_000) {
                    object.put(name, value.decimalValue().add(java.math.BigDecimal.valueOf(seconds)));
                } else if (time && value.isTextual() && value.asText().matches("\\d{4}-.*Z")) {
                    object.put(name, Instant.parse(value.asText()).plusSeconds(seconds).toString());
                } else {
                    shifted(value, seconds);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> shifted(child, seconds));
        }
        return node;
    }

    private static String event(String openId, long at, String event, String extra) {
        return "<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + at + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + event + "]]></Event>"
                + extra + "</xml>";
    }

    /** Posts {@code xml} the way WeChat does in safe mode (WXBizMsgCrypt, written here from the protocol). */
    private static void pushEncrypted(String url, String token, String aesKey, String appId, String xml) throws Exception {
        byte[] key = Base64.getDecoder().decode(aesKey + "=");
        byte[] content = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        byte[] random = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        int length = 16 + 4 + content.length + app.length;
        int pad = 32 - length % 32;
        byte[] plain = new byte[length + pad];
        System.arraycopy(random, 0, plain, 0, 16);
        plain[16] = (byte) (content.length >>> 24);
        plain[17] = (byte) (content.length >>> 16);
        plain[18] = (byte) (content.length >>> 8);
        plain[19] = (byte) content.length;
        System.arraycopy(content, 0, plain, 20, content.length);
        System.arraycopy(app, 0, plain, 20 + content.length, app.length);
        Arrays.fill(plain, length, plain.length, (byte) pad);
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        String encrypt = Base64.getEncoder().encodeToString(cipher.doFinal(plain));
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = "1320562132";
        given().queryParams(Map.of("signature", sha1(token, ts, nonce), "timestamp", ts, "nonce", nonce,
                        "encrypt_type", "aes", "msg_signature", sha1(token, ts, nonce, encrypt)))
                .contentType("text/xml").body("<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")
                .post(url).then().statusCode(200).body(org.hamcrest.Matchers.equalTo("success"));
    }

    private static String sha1(String... parts) throws Exception {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
