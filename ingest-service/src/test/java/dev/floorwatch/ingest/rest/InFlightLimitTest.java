package dev.floorwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.support.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Load shedding (InFlightLimit) with a limit of one request, against real Kafka and Redis. */
@QuarkusTest
@TestProfile(InFlightLimitTest.OneAtATime.class)
class InFlightLimitTest {

    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floorwatch.ingest.max-in-flight", "1");
        }
    }

    @Test
    void aRequestOverTheLimitIs503WithRetryAfterAndTheHeldOneStillCompletes() throws Exception {
        TestTenants.Credentials tenant = TestTenants.create();
        String path = "/v1/tenants/" + tenant.id() + "/events";
        byte[] body = TestTenants.visitorOnline("held-1").getBytes(StandardCharsets.UTF_8);
        try (Socket held = new Socket("127.0.0.1", RestAssured.port)) {
            // The headers and half the body: the request is in flight until the rest arrives.
            OutputStream out = held.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tenant.ingestKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();

            // Until the held request is admitted, a second one may still get in: retry until it is refused.
            await().atMost(Duration.ofSeconds(10)).until(() -> given()
                    .auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("probe-" + System.nanoTime()))
                    .post(path).statusCode() == 503);
            given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("shed-1"))
                    .post(path)
                    .then().statusCode(503)
                    .header("Retry-After", "1")
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:floorwatch:problem:unavailable"))
                    .body("detail", containsString("nothing of this one was accepted"));

            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            assertTrue(status.startsWith("HTTP/1.1 202"), status);
        }
        // The held request ended, so the next is admitted; the shed one was not accepted, so it is no duplicate.
        given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON).body(TestTenants.visitorOnline("shed-1"))
                .post(path).then().statusCode(202).body("accepted", equalTo(1));
    }
}
