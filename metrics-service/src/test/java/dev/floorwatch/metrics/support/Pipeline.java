package dev.floorwatch.metrics.support;

import dev.floorwatch.testing.ServiceProcess;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.metrics.domain.MetricsSettings;
import dev.floorwatch.metrics.domain.OverviewCalculator;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Drives ingest-service and metrics-service processes like a client would, and computes what
 * the overview must say with the pure aggregation logic on the same events (the oracle).
 */
public final class Pipeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Tenant(String id, String ingestKey, String viewerToken) {
    }

    private final ServiceProcess ingest;
    private final ServiceProcess metrics;

    public Pipeline(ServiceProcess ingest, ServiceProcess metrics) {
        this.ingest = ingest;
        this.metrics = metrics;
    }

    public Tenant createTenant() {
        String id = TestEvents.freshTenant();
        JsonPath body = given().auth().oauth2(ServiceProcess.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"name\": \"集成测试\"}")
                .post(ingest.url("/v1/tenants")).then().statusCode(201).extract().jsonPath();
        return new Tenant(id, body.getString("ingestKey"), body.getString("viewerToken"));
    }

    /** Posts the events through ingest-service in batches; each batch must be accepted whole. */
    public void post(Tenant tenant, List<EventEnvelope> events) {
        for (int i = 0; i < events.size(); i += 500) {
            List<EventEnvelope> batch = TestEvents.forTenant(events.subList(i, Math.min(i + 500, events.size())), tenant.id());
            List<JsonNode> bodies = new ArrayList<>();
            for (EventEnvelope event : batch) {
                ObjectNode node = (ObjectNode) read(TestEvents.toJson(event));
                node.remove("receivedAt");
                bodies.add(node);
            }
            given().auth().oauth2(tenant.ingestKey()).contentType(ContentType.JSON)
                    .body(JSON.createObjectNode().set("events", JSON.valueToTree(bodies)).toString())
                    .post(ingest.url("/v1/tenants/" + tenant.id() + "/events"))
                    .then().statusCode(202);
        }
    }

    public JsonNode overview(Tenant tenant) {
        return read(given().auth().oauth2(tenant.viewerToken()).get(metrics.url("/v1/tenants/" + tenant.id() + "/overview"))
                .then().statusCode(200).extract().asString());
    }

    /**
     * What the overview must be at {@code at} after {@code events} (given at their shifted times),
     * by the pure logic: tenant and time aside, every field must match.
     */
    public static JsonNode expected(List<EventEnvelope> original, Duration shift, Instant at) {
        InMemoryLive live = new InMemoryLive();
        Instant scriptNow = at.minus(shift);
        FloorScript.replay(original, live, FloorScript.planner(), scriptNow);
        return comparable(read(TestEvents.toJson(new OverviewCalculator(MetricsSettings.defaults())
                .compute(FloorScript.TENANT, live, scriptNow.toEpochMilli()))));
    }

    /** The overview without {@code tenant} and {@code at}, for comparing with the oracle. */
    public static JsonNode comparable(JsonNode overview) {
        ObjectNode copy = overview.deepCopy();
        copy.remove("tenant");
        copy.remove("at");
        return copy;
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
