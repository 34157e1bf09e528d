package dev.floorwatch.notifier.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.floorwatch.common.events.AlertEvent;
import dev.floorwatch.testing.ConsumerGroups;
import dev.floorwatch.testing.ServiceProcess;
import dev.floorwatch.testing.TopicTail;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * notifier-service as a real process on the real Kafka and Redis: alert events produced to
 * {@code floorwatch-test.alerts} reach local Feishu and DingTalk stand-ins that verify the
 * signature as the vendors do, and a real in-process SMTP server (GreenMail).
 */
class NotifierPipelineIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String FEISHU_SECRET = "feishu-it-secret";
    private static final String DINGTALK_SECRET = "SECdingtalk-it-secret";
    private static ServiceProcess ingest;
    private static ServiceProcess notifier;
    private static KafkaProducer<String, String> producer;
    private static RobotStandIn feishu;
    private static RobotStandIn dingTalk;

    @BeforeAll
    static void start() throws Exception {
        feishu = new RobotStandIn(RobotStandIn.Vendor.FEISHU, FEISHU_SECRET);
        dingTalk = new RobotStandIn(RobotStandIn.Vendor.DINGTALK, DINGTALK_SECRET);
        ingest = ServiceProcess.start("ingest-service", Map.of());
        notifier = ServiceProcess.start("notifier-service", Map.of(
                "FLOORWATCH_NOTIFIER_ALLOW_LOOPBACK_HTTP", "true",
                "FLOORWATCH_NOTIFIER_CONSUMER_GROUP", "notifier-it",
                "FLOORWATCH_NOTIFIER_RETRY_FIRST_DELAY", "200ms",
                "FLOORWATCH_TOPICS_NOTIFICATIONS_DLQ", "floorwatch-test.notifications.dlq",
                "FLOORWATCH_SMTP_HOST", "127.0.0.1",
                "FLOORWATCH_SMTP_PORT", Integer.toString(ServerSetupTest.SMTP.getPort()),
                "QUARKUS_MAILER_START_TLS", "DISABLED"));
        ConsumerGroups.awaitAssigned("notifier-it", Duration.ofSeconds(60));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        notifier.close();
        ingest.close();
        feishu.close();
        dingTalk.close();
    }

    private record Tenant(String id, String admin, String viewer) {
    }

    private static Tenant tenantWith(String receivers, String routes) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        JsonPath creds = given().auth().oauth2(ServiceProcess.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"通知测试\"}").post(ingest.url("/v1/tenants"))
                .then().statusCode(201).extract().jsonPath();
        Tenant tenant = new Tenant(id, creds.getString("adminToken"), creds.getString("viewerToken"));
        given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON).body(receivers)
                .put(notifier.url("/v1/tenants/" + id + "/receivers")).then().statusCode(200);
        if (routes != null) {
            given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON).body(routes)
                    .put(notifier.url("/v1/tenants/" + id + "/routes")).then().statusCode(200);
        }
        return tenant;
    }

    private static AlertEvent alert(String tenant, String key, String severity, String state, Instant startsAt) {
        return new AlertEvent(1, tenant, key, key.split("\\|")[0], "最长排队时长过长 " + key.split("\\|")[0], severity, state, "queue.longestWaitSeconds",
                212.0, 180.0, Map.of("skillGroup", "presales"), null, List.of(), startsAt,
                state.equals("resolved") ? startsAt.plusSeconds(75) : null, Instant.now(), "临时加人、开启机器人兜底", null, null, null);
    }

    private static void produce(AlertEvent... alerts) throws Exception {
        for (AlertEvent a : alerts) {
            producer.send(new ProducerRecord<>("floorwatch-test.alerts", a.kafkaKey(), JSON.writeValueAsString(a))).get();
        }
    }

    private static List<RobotStandIn.Received> forTenant(RobotStandIn robot, String tenant) {
        return robot.received().stream().filter(r -> r.body().toString().contains(tenant)).toList();
    }

    @Test
    void aFiringAlertReachesFeishuSignedOnceEvenWhenTheEventIsReadTwice() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "oncall", "type": "feishu", "webhookUrl": "%s", "secret": "%s"}]""".formatted(feishu.url(), FEISHU_SECRET), null);
        AlertEvent firing = alert(t.id(), "queue-wait-critical|skillGroup=presales", "critical", "firing", Instant.now());
        produce(firing, firing);

        await().atMost(Duration.ofSeconds(15)).until(() -> forTenant(feishu, t.id()).size() == 1);
        RobotStandIn.Received card = forTenant(feishu, t.id()).get(0);
        assertTrue(card.signed(), "the stand-in verified the Feishu signature");
        assertEquals("red", card.body().path("card").path("header").path("template").asText());
        assertTrue(card.body().path("card").path("header").path("title").path("content").asText().startsWith("【严重】最长排队时长过长"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(t.admin())
                .get(notifier.url("/v1/tenants/" + t.id() + "/deliveries")).then().statusCode(200)
                .body("deliveries[0].outcome", equalTo("delivered")).body("deliveries[0].code", equalTo("0")));

        // The resolution follows as its own message, green, saying how long it lasted.
        produce(alert(t.id(), "queue-wait-critical|skillGroup=presales", "critical", "resolved", firing.startsAt()));
        await().atMost(Duration.ofSeconds(15)).until(() -> forTenant(feishu, t.id()).size() == 2);
        JsonNode resolved = forTenant(feishu, t.id()).get(1).body();
        assertEquals("green", resolved.path("card").path("header").path("template").asText());
        assertTrue(resolved.path("card").path("elements").get(0).path("content").asText().contains("持续 1分15秒"), resolved.toString());
        // Reading the events again changes nothing: still two requests.
        produce(firing);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> forTenant(feishu, t.id()).size() == 2);
    }

    @Test
    void alertsFiringWithinTheGroupWaitGoOutAsOneMessage() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "leads", "type": "dingtalk", "webhookUrl": "%s", "secret": "%s", "atMobiles": ["13800138000"]}]"""
                .formatted(dingTalk.url(), DINGTALK_SECRET), "[{\"receivers\": [\"leads\"], \"groupWait\": \"2s\"}]");
        Instant now = Instant.now();
        produce(alert(t.id(), "queue-length-warning", "warning", "firing", now),
                alert(t.id(), "queue-wait-warning", "warning", "firing", now),
                alert(t.id(), "queue-wait-critical", "critical", "firing", now));
        await().atMost(Duration.ofSeconds(15)).until(() -> forTenant(dingTalk, t.id()).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> forTenant(dingTalk, t.id()).size() == 1);
        RobotStandIn.Received message = forTenant(dingTalk, t.id()).get(0);
        assertTrue(message.signed(), "the stand-in verified the DingTalk signature");
        String text = message.body().path("markdown").path("text").asText();
        assertTrue(text.contains("3 条告警"), text);
        assertTrue(text.contains("@13800138000"), text);
        assertEquals("13800138000", message.body().path("at").path("atMobiles").get(0).asText());
    }

    @Test
    void twentyFiveAlertsToOneDingTalkRobotInAMinuteMakeAtMostTwentyRequestsAndLoseNone() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "leads", "type": "dingtalk", "webhookUrl": "%s", "secret": "%s"}]""".formatted(dingTalk.url(), DINGTALK_SECRET),
                "[{\"receivers\": [\"leads\"], \"groupWait\": \"0s\"}]");
        // Each alert its own message while the robot's minute has room; 25 in about 5 s.
        for (int i = 0; i < 25; i++) {
            produce(alert(t.id(), "rule-" + i, "warning", "firing", Instant.now()));
            long next = System.nanoTime() + Duration.ofMillis(200).toNanos();
            await().atMost(Duration.ofSeconds(1)).until(() -> System.nanoTime() >= next);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> forTenant(dingTalk, t.id()).size() >= 20);
        // The rest waits for the window: the 21st request comes a minute after the first, as one digest.
        await().atMost(Duration.ofSeconds(90)).until(() -> forTenant(dingTalk, t.id()).size() >= 21);
        List<RobotStandIn.Received> requests = forTenant(dingTalk, t.id());
        for (RobotStandIn.Received first : requests) {
            long inMinute = requests.stream().filter(r -> r.at() >= first.at() && r.at() < first.at() + 60_000).count();
            assertTrue(inMinute <= 20, inMinute + " requests within a minute of " + first.at());
        }
        String all = requests.stream().map(r -> r.body().path("markdown").path("text").asText()).reduce("", String::concat);
        for (int i = 0; i < 25; i++) {
            // Every alert reached the robot: each one's line names it.
            assertTrue(all.contains("最长排队时长过长 rule-" + i + "**"), "alert " + i + " is in no message: " + all);
        }
        assertTrue(requests.get(20).at() - requests.get(0).at() >= 59_000, "the digest waited for the window");
        assertTrue(requests.get(20).body().path("markdown").path("text").asText().contains("条告警"), "one digest of the rest");
    }

    @Test
    void aServerErrorIsRetriedAndAPermanentErrorIsDeadLettered() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "oncall", "type": "feishu", "webhookUrl": "%s", "secret": "%s"},
                 {"id": "wrong-secret", "type": "dingtalk", "webhookUrl": "%s", "secret": "SECnot-the-robots-secret"}]"""
                .formatted(feishu.url(), FEISHU_SECRET, dingTalk.url()), null);
        try (KafkaConsumer<String, String> dlq = TopicTail.atEnd("floorwatch-test.notifications.dlq")) {
            feishu.answerNext(502, "<html>Bad Gateway</html>");
            produce(alert(t.id(), "queue-wait-critical", "critical", "firing", Instant.now()));

            await().atMost(Duration.ofSeconds(20)).until(() -> forTenant(feishu, t.id()).size() == 2);
            // The 310000 of a wrong signature is permanent: one attempt, then the dead-letter topic.
            List<JsonNode> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().startsWith(t.id() + ":")) {
                        letters.add(readTree(r.value()));
                    }
                });
                return !letters.isEmpty();
            });
            assertEquals("310000", letters.get(0).path("delivery").path("code").asText());
            assertEquals("queue-wait-critical", letters.get(0).path("alerts").get(0).path("key").asText());
            assertEquals(1, forTenant(dingTalk, t.id()).size(), "a permanent error is not retried");
            JsonPath log = given().auth().oauth2(t.admin()).get(notifier.url("/v1/tenants/" + t.id() + "/deliveries"))
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("delivered", "retry"), log.getList("deliveries.findAll { it.receiver == 'oncall' }.outcome"));
            assertEquals(List.of("failed"), log.getList("deliveries.findAll { it.receiver == 'wrong-secret' }.outcome"));

            // The test button shows the vendor's answer: the tenant sees at once that the secret is wrong.
            given().auth().oauth2(t.admin()).post(notifier.url("/v1/tenants/" + t.id() + "/receivers/wrong-secret/test"))
                    .then().statusCode(200).body("outcome", equalTo("failed")).body("code", equalTo("310000"));
            given().auth().oauth2(t.admin()).post(notifier.url("/v1/tenants/" + t.id() + "/receivers/oncall/test"))
                    .then().statusCode(200).body("outcome", equalTo("delivered")).body("code", equalTo("0"));
        }
    }

    @Test
    void anEmailIsTextThenHtmlInOneThreadPerAlert() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "leads-mail", "type": "email", "to": ["lead@example.com"], "language": "en"}]""", null);
        produce(alert(t.id(), "queue-wait-critical", "critical", "firing", Instant.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> SMTP.getReceivedMessages().length > 0
                && java.util.Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> subject(m).contains(t.id())));
        MimeMessage mail = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains(t.id()))
                .findFirst().orElseThrow();
        assertTrue(subject(mail).startsWith("[CRITICAL] 最长排队时长过长"), subject(mail));
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertTrue(parts.getContentType().startsWith("multipart/alternative"), parts.getContentType());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        assertTrue(mail.getHeader("References")[0].startsWith("<alert-"), "threaded per alert key");
    }

    @Test
    void inAppNotificationsAreListedForViewers() throws Exception {
        Tenant t = tenantWith("[{\"id\": \"wallboard\", \"type\": \"inapp\"}]", null);
        produce(alert(t.id(), "queue-wait-critical", "critical", "firing", Instant.now()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(t.viewer())
                .get(notifier.url("/v1/tenants/" + t.id() + "/notifications")).then().statusCode(200)
                .body("notifications[0].title", org.hamcrest.Matchers.startsWith("【严重】最长排队时长过长"))
                .body("notifications[0].alertKeys[0]", equalTo("queue-wait-critical")));
    }

    @Test
    void aRestartBetweenQueueingAndSendingSendsOnce() throws Exception {
        Tenant t = tenantWith("""
                [{"id": "oncall", "type": "feishu", "webhookUrl": "%s", "secret": "%s"}]""".formatted(feishu.url(), FEISHU_SECRET),
                "[{\"receivers\": [\"oncall\"], \"groupWait\": \"4s\"}]");
        produce(alert(t.id(), "queue-length-warning", "warning", "firing", Instant.now()));
        // Queued (visible as due work) but not yet sent when the process dies.
        await().atMost(Duration.ofSeconds(10)).until(() -> dueFor(t.id()));
        notifier.crash();
        notifier.launch();
        ConsumerGroups.awaitAssigned("notifier-it", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).until(() -> forTenant(feishu, t.id()).size() == 1);
        // The relaunched process consumes again (once the dead member's partitions are reassigned) and the
        // first message is not repeated: the next alert is the second and last request.
        produce(alert(t.id(), "queue-wait-warning", "warning", "firing", Instant.now()));
        await().atMost(Duration.ofSeconds(45)).until(() -> forTenant(feishu, t.id()).size() >= 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> forTenant(feishu, t.id()).size() == 2);
        assertTrue(forTenant(feishu, t.id()).get(1).body().toString().contains("queue-wait-warning"));
    }

    private static boolean dueFor(String tenant) {
        try (var redis = new java.net.Socket("127.0.0.1", 6379)) {
            var out = redis.getOutputStream();
            out.write(("SELECT 1\r\nZSCORE fw:nt:due " + tenant + "\u241foncall\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(redis.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            in.readLine(); // +OK of SELECT
            return !in.readLine().equals("$-1");
        } catch (Exception e) {
            return false;
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    private static JsonNode readTree(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
