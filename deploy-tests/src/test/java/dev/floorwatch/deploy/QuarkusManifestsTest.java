package dev.floorwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manifests quarkus-kubernetes writes into each service's {@code target/kubernetes/} at
 * package time (the plain per-service alternative to the chart), parsed and checked like the chart.
 */
class QuarkusManifestsTest {

    @ParameterizedTest
    @CsvSource({ "ingest-service,8081", "metrics-service,8082", "alert-service,8083", "notifier-service,8084" })
    void eachServiceGetsAProbedBoundedNonRootDeploymentItsServiceAndAServiceMonitor(String service, int port) throws IOException {
        Path file = Rendered.ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
        assertTrue(Files.exists(file), file + " is written when the service is packaged");
        String text = Files.readString(file);
        assertFalse(text.contains("build-timestamp") || text.contains("commit-id"), "stable output: nothing of the build's time or commit");
        Rendered manifests = Rendered.of(text);

        JsonNode deployment = manifests.one("Deployment", service);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals(port, container.at("/ports/0/containerPort").asInt());
        for (String bound : List.of("requests", "limits")) {
            assertFalse(container.at("/resources/" + bound + "/cpu").asText().isEmpty(), bound);
            assertFalse(container.at("/resources/" + bound + "/memory").asText().isEmpty(), bound);
        }
        assertTrue(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertEquals(185, deployment.at("/spec/template/spec/securityContext/runAsUser").asInt());
        // Kafka, Redis, SMTP, allow-lists from the ConfigMap; the operator token and passwords from the Secret.
        assertEquals("floorwatch", container.at("/envFrom").findValue("configMapRef").path("name").asText());
        assertEquals("floorwatch", container.at("/envFrom").findValue("secretRef").path("name").asText());
        assertEquals("floorwatch/" + service + ":0.1.0-SNAPSHOT", container.path("image").asText().replaceFirst("^docker\\.io/", ""));
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());

        JsonNode serviceObject = manifests.one("Service", service);
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        serviceObject.at("/spec/selector").fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), "Service selects the pods: " + label.getKey()));
        assertEquals(port, serviceObject.at("/spec/ports/0/targetPort").asInt());

        JsonNode monitor = manifests.one("ServiceMonitor", service);
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), serviceObject.at("/metadata/labels").path(label.getKey()).asText()));
    }
}
