package dev.floorwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.tenancy.RedisKeys;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The operator's tenant API (API.md, "Tenants and credentials"), against real Redis. */
@QuarkusTest
class TenantResourceTest {

    @Inject
    RedisDataSource redis;

    @Test
    void createdTenantGetsEveryCredentialOnceAndDefaultTimezone() {
        String id = TestTenants.freshId();
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"Acme 客服\"}")
                .post("/v1/tenants")
                .then().statusCode(201)
                .header("Location", containsString("/v1/tenants/" + id))
                .body("id", equalTo(id))
                .body("timezone", equalTo("Asia/Shanghai"))
                .body("ingestKey", startsWith("fwi_"))
                .body("signingSecret", startsWith("fws_"))
                .body("adminToken", startsWith("fwa_"))
                .body("viewerToken", startsWith("fwv_"));

        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).get("/v1/tenants/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Acme 客服"))
                .body("credentials.ingestKey.issuedAt", notNullValue())
                .body(not(containsString("fwi_")))
                .body(not(containsString("fws_")))
                .body(not(containsString("fwa_")));
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).get("/v1/tenants")
                .then().statusCode(200).body("tenants", hasItem(id));
    }

    @Test
    void existingIdIs409() {
        TestTenants.Credentials tenant = TestTenants.create();
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"" + tenant.id() + "\", \"name\": \"again\"}")
                .post("/v1/tenants").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void invalidCreateIs422NamingEachField() {
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"Bad_Id\", \"timezone\": \"Mars/Olympus\", \"plan\": \"gold\"}")
                .post("/v1/tenants")
                .then().statusCode(422)
                .body("errors.field", hasItems("id", "name", "timezone", "plan"));
    }

    @Test
    void onlyTheOperatorCreatesTenants() {
        TestTenants.Credentials tenant = TestTenants.create();
        given().contentType(ContentType.JSON).body("{\"id\": \"x-nobody\", \"name\": \"n\"}")
                .post("/v1/tenants").then().statusCode(401);
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"id\": \"x-admin\", \"name\": \"n\"}")
                .post("/v1/tenants").then().statusCode(403);
    }

    @Test
    void adminReadsItsOwnTenantOnly() {
        TestTenants.Credentials acme = TestTenants.create();
        TestTenants.Credentials globex = TestTenants.create();
        given().auth().oauth2(acme.adminToken()).get("/v1/tenants/" + acme.id()).then().statusCode(200);
        given().auth().oauth2(acme.adminToken()).get("/v1/tenants/" + globex.id()).then().statusCode(403);
        given().auth().oauth2(acme.viewerToken()).get("/v1/tenants/" + acme.id()).then().statusCode(403);
    }

    @Test
    void rotationKeepsThePreviousKeyForTheGracePeriod() {
        TestTenants.Credentials tenant = TestTenants.create();
        String newKey = given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"credentials\": [\"ingestKey\"], \"graceSeconds\": 600}")
                .post("/v1/tenants/" + tenant.id() + "/credentials/rotate")
                .then().statusCode(200)
                .body("adminToken", nullValue())
                .extract().path("ingestKey");

        sendWith(newKey, tenant.id(), "k1").then().statusCode(202);
        sendWith(tenant.ingestKey(), tenant.id(), "k2").then().statusCode(202);
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).get("/v1/tenants/" + tenant.id())
                .then().body("credentials.ingestKey.previousValidUntil", notNullValue());
    }

    @Test
    void rotationWithoutGraceRevokesAtOnce() {
        TestTenants.Credentials tenant = TestTenants.create();
        String newKey = given().auth().oauth2(TestTenants.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"credentials\": [\"ingestKey\"], \"graceSeconds\": 0}")
                .post("/v1/tenants/" + tenant.id() + "/credentials/rotate")
                .then().statusCode(200).extract().path("ingestKey");

        sendWith(tenant.ingestKey(), tenant.id(), "r1").then().statusCode(401);
        sendWith(newKey, tenant.id(), "r2").then().statusCode(202);
    }

    @Test
    void invalidRotationIs422() {
        TestTenants.Credentials tenant = TestTenants.create();
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"credentials\": [\"password\"], \"graceSeconds\": -1}")
                .post("/v1/tenants/" + tenant.id() + "/credentials/rotate")
                .then().statusCode(422).body("errors.field", hasItems("credentials[0]", "graceSeconds"));
    }

    @Test
    void deletedTenantsCredentialsStopWorking() {
        TestTenants.Credentials tenant = TestTenants.create();
        sendWith(tenant.ingestKey(), tenant.id(), "before").then().statusCode(202);
        given().auth().oauth2(tenant.adminToken()).delete("/v1/tenants/" + tenant.id()).then().statusCode(403);

        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).delete("/v1/tenants/" + tenant.id()).then().statusCode(204);

        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).get("/v1/tenants/" + tenant.id()).then().statusCode(404);
        // Other replicas may trust their cache for floorwatch.tenancy.credential-cache-ttl (200 ms in tests).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                sendWith(tenant.ingestKey(), tenant.id(), "after").then().statusCode(401));
        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).delete("/v1/tenants/" + tenant.id()).then().statusCode(404);
    }

    @Test
    void aDeletedTenantLeavesTheTickAndItsKeysGo() {
        TestTenants.Credentials tenant = TestTenants.create();
        TestTenants.Credentials other = TestTenants.create();
        String key = RedisKeys.tenantPrefix(tenant.id()) + "m:open";
        redis.sortedSet(String.class).zadd(key, 1, "c1");
        redis.sortedSet(String.class).zadd(RedisKeys.LIVE_TENANTS, Map.of(tenant.id(), 1.0, other.id(), 1.0));

        given().auth().oauth2(TestTenants.OPERATOR_TOKEN).delete("/v1/tenants/" + tenant.id()).then().statusCode(204);

        assertFalse(redis.key().exists(key), "the tenant's keys are gone");
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.LIVE_TENANTS, tenant.id()).isEmpty(), "off the tick");
        assertEquals(1.0, redis.sortedSet(String.class).zscore(RedisKeys.LIVE_TENANTS, other.id()).getAsDouble());
    }

    private static io.restassured.response.Response sendWith(String key, String tenant, String eventId) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(TestTenants.visitorOnline(eventId))
                .post("/v1/tenants/" + tenant + "/events");
    }
}
