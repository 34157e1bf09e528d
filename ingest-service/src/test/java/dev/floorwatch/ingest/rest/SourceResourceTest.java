package dev.floorwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.domain.ChatwootSignature;
import dev.floorwatch.ingest.domain.WeChatCrypto;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The source settings and the webhook routes' refusals (docs/sources.md), against real Kafka and
 * Redis: write-only secrets, tenant walls, signatures, origins. The happy paths into the overview
 * are SourcesIT's.
 */
@QuarkusTest
class SourceResourceTest {

    private static final String SECRET = "a-chatwoot-webhook-secret";

    private TestTenants.Credentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = TestTenants.create();
    }

    @Test
    void secretsAreWriteOnlyAndOnlyTheTenantsAdminOrTheOperatorSetsThem() {
        String body = "{\"appId\": \"wx5823bf96d3bd56c7\", \"token\": \"floorwatch2026\", "
                + "\"encodingAesKey\": \"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\"}";
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(body)
                .put(sources() + "/wechat").then().statusCode(200)
                .body("tokenSet", equalTo(true)).body("encodingAesKeySet", equalTo(true))
                .body(not(containsString("floorwatch2026"))).body(not(containsString("abcdefghij")));
        given().auth().oauth2(tenant.adminToken()).get(sources()).then().statusCode(200)
                .body("sources.wechat.appId", equalTo("wx5823bf96d3bd56c7"))
                .body("endpoints.wechat", equalTo("/v1/tenants/" + tenant.id() + "/webhooks/wechat"))
                .body(not(containsString("floorwatch2026")));

        TestTenants.Credentials other = TestTenants.create();
        given().auth().oauth2(other.adminToken()).get(sources()).then().statusCode(403);
        given().auth().oauth2(other.adminToken()).contentType(ContentType.JSON).body(body).put(sources() + "/wechat").then().statusCode(403);
        given().auth().oauth2(tenant.viewerToken()).get(sources()).then().statusCode(403);
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(body).put(sources() + "/wechat").then().statusCode(403);
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).get(sources()).then().statusCode(200);
    }

    @Test
    void invalidSettingsAreRefusedWithEveryError() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"appId\": \"wx!\", \"token\": \"x\", \"encodingAesKey\": \"short\", \"secret\": 1}")
                .put(sources() + "/wechat").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("appId")).body("errors.field", hasItem("token"))
                .body("errors.field", hasItem("encodingAesKey")).body("errors.field", hasItem("secret"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"allowedOrigins\": [\"https://shop.example.cn/path\", \"*.example.cn\"]}")
                .put(sources() + "/beacon").then().statusCode(422)
                .body("errors.field", hasItem("allowedOrigins[0]")).body("errors.field", hasItem("allowedOrigins[1]"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"accountId\": \"seven\"}")
                .put(sources() + "/chatwoot").then().statusCode(422).body("errors.field", hasItem("accountId"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{}")
                .put(sources() + "/zendesk").then().statusCode(404);
    }

    @Test
    void theBeaconSiteKeySurvivesAnEditOfTheOrigins() {
        String key = given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"allowedOrigins\": [\"https://Shop.Example.cn\"]}").put(sources() + "/beacon")
                .then().statusCode(200).body("allowedOrigins[0]", equalTo("https://shop.example.cn"))
                .body("siteKey", startsWith(SourceResource.SITE_KEY_PREFIX)).extract().path("siteKey");
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"allowedOrigins\": [\"https://shop.example.cn\", \"http://localhost:8080\"]}").put(sources() + "/beacon")
                .then().statusCode(200).body("siteKey", equalTo(key));
        String ping = "{\"key\": \"" + key + "\", \"visitor\": \"visitor-0001\", \"event\": \"online\", \"channel\": \"landing\"}";
        given().header("Origin", "http://localhost:8080").contentType("text/plain").body(ping).post(beacon())
                .then().statusCode(204).header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "http://localhost:8080").options(beacon())
                .then().statusCode(204).header("Access-Control-Allow-Methods", "POST");
        given().header("Origin", "https://other.example").contentType("text/plain").body(ping).post(beacon()).then().statusCode(403);
        given().contentType("text/plain").body(ping).post(beacon()).then().statusCode(403);
        given().header("Origin", "http://localhost:8080").contentType("text/plain")
                .body("{\"key\": \"" + key + "\", \"visitor\": \"x\", \"event\": \"here\"}").post(beacon())
                .then().statusCode(422).body("errors.field", hasItem("visitor")).body("errors.field", hasItem("event"));
    }

    @Test
    void aVisitorPingingInALoopIsCutOff() {
        String key = given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"allowedOrigins\": [\"https://shop.example.cn\"]}").put(sources() + "/beacon")
                .then().statusCode(200).extract().path("siteKey");
        String ping = "{\"key\": \"" + key + "\", \"visitor\": \"reloader-01\", \"event\": \"online\"}";
        int accepted = 0;
        int status;
        do {
            status = given().header("Origin", "https://shop.example.cn").contentType("text/plain").body(ping).post(beacon()).statusCode();
            accepted += status == 204 ? 1 : 0;
        } while (status == 204 && accepted < 50);
        org.junit.jupiter.api.Assertions.assertEquals(429, status);
        org.junit.jupiter.api.Assertions.assertTrue(accepted >= 6 && accepted <= 7, "the burst, then refused: " + accepted);
        // Another visitor of the same site is not affected.
        given().header("Origin", "https://shop.example.cn").contentType("text/plain").body(ping.replace("reloader-01", "reader-0002"))
                .post(beacon()).then().statusCode(204);
    }

    @Test
    void chatwootWithoutASecretNeedsTheIngestKeyAndWithOneItsSignature() {
        String payload = "{\"event\": \"conversation_typing_on\"}";
        given().contentType(ContentType.JSON).body(payload).post(chatwoot()).then().statusCode(404)
                .body("detail", containsString("PUT /v1/tenants/" + tenant.id() + "/sources/chatwoot"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"accountId\": \"7\"}")
                .put(sources() + "/chatwoot").then().statusCode(200).body("webhookSecretSet", equalTo(false));
        given().contentType(ContentType.JSON).body(payload).post(chatwoot()).then().statusCode(401);
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(payload).post(chatwoot())
                .then().statusCode(202).body("ignored", containsString("typing"));

        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"accountId\": \"7\", \"webhookSecret\": \"" + SECRET + "\"}")
                .put(sources() + "/chatwoot").then().statusCode(200).body("webhookSecretSet", equalTo(true));
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        given().header("X-Chatwoot-Timestamp", now).header("X-Chatwoot-Signature", ChatwootSignature.sign(SECRET, now, body))
                .contentType(ContentType.JSON).body(body).post(chatwoot()).then().statusCode(202);
        given().header("X-Chatwoot-Timestamp", now - 3600).header("X-Chatwoot-Signature", ChatwootSignature.sign(SECRET, now - 3600, body))
                .contentType(ContentType.JSON).body(body).post(chatwoot()).then().statusCode(401)
                .body("detail", containsString("outside the accepted window"));
        given().header("X-Chatwoot-Timestamp", now).header("X-Chatwoot-Signature", ChatwootSignature.sign("another-secret-entirely", now, body))
                .contentType(ContentType.JSON).body(body).post(chatwoot()).then().statusCode(401);
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(body).post(chatwoot()).then().statusCode(401);
        // Signed but not JSON: a clear 400, not a reject.
        byte[] broken = "{\"event\": ".getBytes(StandardCharsets.UTF_8);
        given().header("X-Chatwoot-Timestamp", now).header("X-Chatwoot-Signature", ChatwootSignature.sign(SECRET, now, broken))
                .contentType(ContentType.JSON).body(broken).post(chatwoot()).then().statusCode(400);
    }

    @Test
    void aChatwootPayloadOfAnotherAccountIsAcknowledgedAndShownAsAReject() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"accountId\": \"7\"}")
                .put(sources() + "/chatwoot").then().statusCode(200);
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON)
                .body("{\"event\": \"message_created\", \"id\": 1, \"account\": {\"id\": 8}, \"conversation\": {\"id\": 2}}")
                .post(chatwoot()).then().statusCode(202).body("accepted", equalTo(0));
        given().auth().oauth2(tenant.viewerToken()).get(sources() + "/rejects").then().statusCode(200)
                .body("rejects[0].reason", containsString("account 8"));
        TestTenants.Credentials other = TestTenants.create();
        given().auth().oauth2(other.viewerToken()).get(sources() + "/rejects").then().statusCode(403);
    }

    @Test
    void weChatPlaintextPushesNeedTheTokensSignature() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"appId\": \"wx5823bf96d3bd56c7\", \"token\": \"plain2026\"}").put(sources() + "/wechat").then().statusCode(200)
                .body("encodingAesKeySet", equalTo(false));
        String ts = Long.toString(Instant.now().getEpochSecond());
        String xml = "<xml><ToUserName>gh_1</ToUserName><FromUserName>oABC123</FromUserName><CreateTime>" + ts
                + "</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>77</MsgId></xml>";
        given().queryParam("signature", WeChatCrypto.signature("plain2026", ts, "42")).queryParam("timestamp", ts)
                .queryParam("nonce", "42").body(xml).post(weChat()).then().statusCode(200).body(equalTo("success"));
        given().queryParam("signature", WeChatCrypto.signature("wrong", ts, "42")).queryParam("timestamp", ts)
                .queryParam("nonce", "42").body(xml).post(weChat()).then().statusCode(401);
        String old = Long.toString(Instant.now().getEpochSecond() - 3600);
        given().queryParam("signature", WeChatCrypto.signature("plain2026", old, "42")).queryParam("timestamp", old)
                .queryParam("nonce", "42").body(xml).post(weChat()).then().statusCode(401).body("detail", containsString("replay"));
        given().queryParam("signature", WeChatCrypto.signature("plain2026", ts, "42")).queryParam("timestamp", ts)
                .queryParam("nonce", "42").body("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml>&e;</xml>")
                .post(weChat()).then().statusCode(400);
        // Encrypted pushes need the key this tenant did not set.
        given().queryParam("signature", WeChatCrypto.signature("plain2026", ts, "42")).queryParam("timestamp", ts)
                .queryParam("nonce", "42").queryParam("encrypt_type", "aes").queryParam("msg_signature", "00")
                .body("<xml><Encrypt>abc</Encrypt></xml>").post(weChat()).then().statusCode(400)
                .body("detail", containsString("EncodingAESKey"));
    }

    private String sources() {
        return "/v1/tenants/" + tenant.id() + "/sources";
    }

    private String beacon() {
        return "/v1/tenants/" + tenant.id() + "/beacon";
    }

    private String chatwoot() {
        return "/v1/tenants/" + tenant.id() + "/webhooks/chatwoot";
    }

    private String weChat() {
        return "/v1/tenants/" + tenant.id() + "/webhooks/wechat";
    }
}
