package dev.floorwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.domain.RequestSignature;
import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The REST contract of POST /v1/tenants/{t}/events (API.md, "Ingest"), against real Kafka and Redis. */
@QuarkusTest
class EventResourceTest {

    private TestTenants.Credentials tenant;

    @BeforeEach
    void newTenant() {
        tenant = TestTenants.create();
    }

    @Test
    void acceptedEventsAnswer202WithCountsAndARequestId() {
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON)
                .body("{\"events\": [" + TestTenants.visitorOnline("e1") + "," + TestTenants.visitorOnline("e2") + "]}")
                .when().post(path())
                .then().statusCode(202)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(0));
    }

    @Test
    void repeatedIdsAreCountedAsDuplicates() {
        String batch = "{\"events\": [" + TestTenants.visitorOnline("d1") + "," + TestTenants.visitorOnline("d1") + "]}";
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(batch)
                .post(path()).then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("d1"))
                .post(path()).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }

    @Test
    void callerRequestIdIsEchoed() {
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).header("X-Request-Id", "client-42")
                .body(TestTenants.visitorOnline("r1"))
                .post(path()).then().statusCode(202).header("X-Request-Id", "client-42");
    }

    @Test
    void invalidBatchIs422ListingEveryErrorAndNothingIsAccepted() {
        String batch = """
                {"events": [%s, {"id": "x", "type": "conversation.rated", "occurredAt": "2026-11-26T10:00:00Z",
                  "channel": "web", "conversationId": "c", "data": {"score": 9}, "priority": 1}]}"""
                .formatted(TestTenants.visitorOnline("v-ok"));
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(batch)
                .post(path())
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:floorwatch:problem:validation"))
                .body("status", equalTo(422))
                .body("errors", hasSize(2))
                .body("errors.index", contains(1, 1))
                .body("errors.field", contains("priority", "data.score"));
        // The valid first event was not accepted either: sending it now is not a duplicate.
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("v-ok"))
                .post(path()).then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void malformedJsonIs400() {
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body("{\"id\": ")
                .post(path())
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:floorwatch:problem:malformed"))
                .body("detail", containsString("line 1"));
    }

    @Test
    void missingOrUnknownCredentialIs401() {
        given().contentType(ContentType.JSON).body(TestTenants.visitorOnline("a1"))
                .post(path()).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("fwi_not-a-real-key").contentType(ContentType.JSON).body(TestTenants.visitorOnline("a1"))
                .post(path()).then().statusCode(401).body("type", equalTo("urn:floorwatch:problem:unauthorized"));
    }

    @Test
    void anotherTenantsKeyIs403() {
        TestTenants.Credentials other = TestTenants.create();
        given().auth().oauth2(other.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("x1"))
                .post(path()).then().statusCode(403).body("detail", equalTo("This credential belongs to another tenant."));
    }

    @Test
    void viewerTokenCannotSendEvents() {
        given().auth().oauth2(tenant.viewerToken()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("x2"))
                .post(path()).then().statusCode(403);
    }

    @Test
    void signedBodyIsAcceptedWithoutABearerKey() {
        byte[] body = TestTenants.visitorOnline("s1").getBytes(StandardCharsets.UTF_8);
        given().header(EventResource.SIGNATURE_HEADER,
                        RequestSignature.sign(tenant.signingSecret(), Instant.now().getEpochSecond(), body))
                .contentType(ContentType.JSON).body(body)
                .post(path()).then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void wrongTamperedOrStaleSignatureIs401() {
        byte[] body = TestTenants.visitorOnline("s2").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        given().header(EventResource.SIGNATURE_HEADER, RequestSignature.sign("fws_wrong", now, body))
                .contentType(ContentType.JSON).body(body)
                .post(path()).then().statusCode(401).body("detail", containsString("does not match"));
        byte[] tampered = TestTenants.visitorOnline("s3").getBytes(StandardCharsets.UTF_8);
        given().header(EventResource.SIGNATURE_HEADER, RequestSignature.sign(tenant.signingSecret(), now, body))
                .contentType(ContentType.JSON).body(tampered)
                .post(path()).then().statusCode(401).body("detail", containsString("does not match"));
        given().header(EventResource.SIGNATURE_HEADER, RequestSignature.sign(tenant.signingSecret(), now - 301, body))
                .contentType(ContentType.JSON).body(body)
                .post(path()).then().statusCode(401).body("detail", containsString("outside the accepted window"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.TEXT).body(TestTenants.visitorOnline("m1"))
                .post(path())
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("urn:floorwatch:problem:unsupported-media-type"));
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String padding = "x".repeat(1024 * 1024);
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON)
                .body("{\"id\": \"big\", \"pad\": \"" + padding + "\"}")
                .post(path())
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:floorwatch:problem:too-large"))
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void overTheTenantRateLimitIs429WithRetryAfter() {
        TestTenants.Credentials limited = TestTenants.create(TestTenants.freshId(),
                ", \"rateLimit\": {\"eventsPerSecond\": 1, \"burst\": 2}");
        String batch = "{\"events\": [" + TestTenants.visitorOnline("l1") + "," + TestTenants.visitorOnline("l2") + "]}";
        given().auth().oauth2(limited.ingestKey()).contentType(ContentType.JSON).body(batch)
                .post("/v1/tenants/" + limited.id() + "/events").then().statusCode(202);
        given().auth().oauth2(limited.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("l3"))
                .post("/v1/tenants/" + limited.id() + "/events")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("urn:floorwatch:problem:rate-limited"));
    }

    @Test
    void unknownPathIsAProblemDocument() {
        given().get("/v1/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private String path() {
        return "/v1/tenants/" + tenant.id() + "/events";
    }
}
