package dev.floorwatch.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.common.tenancy.IssuedCredentials;
import dev.floorwatch.common.tenancy.TenantRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The rules API of API.md "Alerts", on the real Redis. */
@QuarkusTest
class RuleResourceTest {

    private static final String WAIT_RULE = """
            {"id": "vip-wait", "kind": "threshold", "name": "VIP 等待过长", "metric": "queue.highValueWaiting",
             "op": ">=", "value": 1, "severity": "critical", "for": "10s"}""";

    @Inject
    TenantRegistry registry;

    private IssuedCredentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = registry.create("t-" + UUID.randomUUID().toString().substring(0, 12), "规则", "Asia/Shanghai", null)
                .await().indefinitely().orElseThrow();
    }

    @Test
    void aNewTenantHasTheDefaultRules() {
        given().auth().oauth2(tenant.viewerToken()).get(path(""))
                .then().statusCode(200)
                .body("rules.size()", equalTo(8))
                .body("rules.id", hasItems("queue-length-warning", "queue-wait-critical", "staffing-critical",
                        "complaint-burst", "complaint-words", "refund-words"))
                .body("rules.find { it.id == 'staffing-critical' }.activeHours.timezone", equalTo("Asia/Shanghai"))
                .body("rules.find { it.id == 'queue-wait-critical' }.keepFiringFor", equalTo("30s"));
    }

    @Test
    void addGetReplaceAndDeleteOneRule() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(WAIT_RULE)
                .post(path("")).then().statusCode(201).body("for", equalTo("10s")).body("repeatInterval", equalTo("10m"));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(WAIT_RULE)
                .post(path("")).then().statusCode(409);
        given().auth().oauth2(tenant.viewerToken()).get(path("/vip-wait")).then().statusCode(200).body("value", equalTo(1));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(WAIT_RULE.replace("\"value\": 1", "\"value\": 2"))
                .put(path("/vip-wait")).then().statusCode(200).body("value", equalTo(2));
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(WAIT_RULE)
                .put(path("/other-id")).then().statusCode(422).body("errors[0].field", equalTo("id"));
        given().auth().oauth2(tenant.adminToken()).delete(path("/vip-wait")).then().statusCode(204);
        given().auth().oauth2(tenant.adminToken()).delete(path("/vip-wait")).then().statusCode(404);
        // The defaults were kept when the first rule was added.
        given().auth().oauth2(tenant.viewerToken()).get(path("")).then().body("rules.size()", equalTo(8));
    }

    @Test
    void invalidRulesAre422NamingEveryFieldWithTheirIndex() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("[" + WAIT_RULE + ", " + WAIT_RULE + ", {\"id\": \"x\", \"kind\": \"threshold\", \"name\": \"x\","
                        + " \"severity\": \"warning\", \"metric\": \"queue.depth\", \"op\": \">\", \"value\": 1}]")
                .put(path(""))
                .then().statusCode(422)
                .body("errors.index", contains(1, 2))
                .body("errors.field", contains("id", "metric"));
        // Nothing was replaced.
        given().auth().oauth2(tenant.viewerToken()).get(path("")).then().body("rules.id", not(hasItem("vip-wait")));
    }

    @Test
    void replacingAllRulesKeepsOnlyThose() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body("{\"rules\": [" + WAIT_RULE + "]}")
                .put(path("")).then().statusCode(200).body("rules.id", contains("vip-wait"));
        given().auth().oauth2(tenant.viewerToken()).get(path("")).then().body("rules.id", contains("vip-wait"));
    }

    @Test
    void viewersCannotWriteAndOtherTenantsCannotRead() {
        given().auth().oauth2(tenant.viewerToken()).contentType(ContentType.JSON).body(WAIT_RULE)
                .post(path("")).then().statusCode(403);
        IssuedCredentials other = registry.create("t-" + UUID.randomUUID().toString().substring(0, 12), "其他", "UTC", null)
                .await().indefinitely().orElseThrow();
        given().auth().oauth2(other.adminToken()).get(path("")).then().statusCode(403);
        given().get(path("")).then().statusCode(401);
    }

    private String path(String suffix) {
        return "/v1/tenants/" + tenant.id() + "/rules" + suffix;
    }
}
