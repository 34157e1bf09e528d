package dev.floorwatch.alert.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.common.tenancy.IssuedCredentials;
import dev.floorwatch.common.tenancy.TenantRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The silences API of API.md "Alerts", on the real Redis. */
@QuarkusTest
class SilenceResourceTest {

    @Inject
    TenantRegistry registry;

    private IssuedCredentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = registry.create("t-" + UUID.randomUUID().toString().substring(0, 12), "静默", "Asia/Shanghai", null)
                .await().indefinitely().orElseThrow();
    }

    @Test
    void adminsSilenceViewersSeeAndADeletedSilenceIsGone() {
        String body = """
                {"matchers": {"ruleId": "queue-wait-warning", "skillGroup": "presales"},
                 "endsAt": "%s", "createdBy": "王班长", "comment": "系统维护"}""".formatted(Instant.now().plusSeconds(3600));
        given().auth().oauth2(tenant.viewerToken()).contentType(ContentType.JSON).body(body).post(path("")).then().statusCode(403);
        String id = given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON).body(body).post(path(""))
                .then().statusCode(201)
                .body("matchers.skillGroup", equalTo("presales"))
                .body("createdBy", equalTo("王班长"))
                .extract().path("id");

        given().auth().oauth2(tenant.viewerToken()).get(path("")).then().statusCode(200).body("silences.id", contains(id));
        given().auth().oauth2(tenant.adminToken()).delete(path("/" + id)).then().statusCode(204);
        given().auth().oauth2(tenant.viewerToken()).get(path("")).then().body("silences.size()", equalTo(0));
        given().auth().oauth2(tenant.adminToken()).delete(path("/" + id)).then().statusCode(404);
    }

    @Test
    void invalidSilencesAre422NamingEachField() {
        given().auth().oauth2(tenant.adminToken()).contentType(ContentType.JSON)
                .body("{\"matchers\": {\"colour\": \"red\"}, \"startsAt\": \"2026-11-26T10:00:00Z\","
                        + " \"endsAt\": \"2026-11-26T09:00:00Z\", \"reason\": \"?\"}")
                .post(path(""))
                .then().statusCode(422)
                .body("errors.field", hasItems("reason", "matchers.colour", "endsAt", "createdBy"));
    }

    private String path(String suffix) {
        return "/v1/tenants/" + tenant.id() + "/silences" + suffix;
    }
}
