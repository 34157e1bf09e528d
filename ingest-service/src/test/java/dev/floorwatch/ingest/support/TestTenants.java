package dev.floorwatch.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Creates a fresh tenant through the operator API, so every test has its own walls. */
public final class TestTenants {

    /** {@code %test.floorwatch.tenancy.operator-token} of application.properties. */
    public static final String OPERATOR_TOKEN = "test-operator-token";

    public record Credentials(String id, String ingestKey, String signingSecret, String adminToken, String viewerToken) {
    }

    private TestTenants() {
    }

    public static String freshId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static Credentials create() {
        return create(freshId(), "");
    }

    /** {@code extraFields} is inserted into the create body, e.g. {@code , "rateLimit": {...}}. */
    public static Credentials create(String id, String extraFields) {
        JsonPath body = given()
                .auth().oauth2(OPERATOR_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"测试租户 " + id + "\"" + extraFields + "}")
                .post("/v1/tenants")
                .then().statusCode(201)
                .extract().jsonPath();
        return new Credentials(id, body.getString("ingestKey"), body.getString("signingSecret"),
                body.getString("adminToken"), body.getString("viewerToken"));
    }

    /** A valid visitor event with the given id. */
    public static String visitorOnline(String eventId) {
        return """
                {"id": "%s", "type": "visitor.online", "occurredAt": "%s", "channel": "web", "visitorId": "v-%s",
                 "data": {"page": "/pricing", "valueTier": "vip"}}""".formatted(eventId, java.time.Instant.now(), eventId);
    }
}
