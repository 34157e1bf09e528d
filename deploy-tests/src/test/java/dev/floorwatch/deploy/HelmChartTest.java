package dev.floorwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/**
 * {@code helm lint} and {@code helm template} of helm/floorwatch with embedded Helm, for the
 * default values, a production-like file ({@code ci/production-values.yaml}: existing secrets,
 * TLS, autoscaling, ingress) and a minimal one; the rendered objects are parsed and checked.
 */
class HelmChartTest {

    private static final Set<String> SERVICES = Set.of("ingest-service", "metrics-service", "alert-service", "notifier-service");

    @Test
    void theChartLintsClean() {
        LintResult lint = new Helm(Rendered.CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "production-values.yaml", "minimal-values.yaml" })
    void everyDeploymentIsProbedBoundedAndUnprivileged(String values) {
        Rendered rendered = Rendered.chart(values.isEmpty() ? null : values);
        List<JsonNode> deployments = rendered.all("Deployment");
        assertEquals(SERVICES, deployments.stream().map(d -> d.at("/spec/template/metadata/labels").path("app.kubernetes.io/name").asText())
                .collect(Collectors.toSet()), rendered.names());
        for (JsonNode deployment : deployments) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.path("containers").get(0);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), name);
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), name);
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), name);
            for (String bound : List.of("requests", "limits")) {
                assertFalse(container.at("/resources/" + bound + "/cpu").asText().isEmpty(), name + " " + bound);
                assertFalse(container.at("/resources/" + bound + "/memory").asText().isEmpty(), name + " " + bound);
            }
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), name);
            assertEquals(185, pod.at("/securityContext/runAsUser").asInt(), name);
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name);
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name);
            assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText(), name);
            assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText(), name + ": a writable /tmp");
            assertEquals("true", deployment.at("/spec/template/metadata/annotations").path("prometheus.io/scrape").asText(), name);
            // The operator token always comes from a Secret.
            assertTrue(Rendered.env(container).get("FLOORWATCH_OPERATOR_TOKEN").has("valueFrom"), name);
            noSecretInPlainValues(name, container);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "production-values.yaml", "minimal-values.yaml" })
    void servicesSelectTheirOwnPodsAndScalersTargetRealDeployments(String values) {
        Rendered rendered = Rendered.chart(values.isEmpty() ? null : values);
        Map<String, JsonNode> podLabels = rendered.all("Deployment").stream().collect(Collectors.toMap(
                d -> d.at("/metadata/name").asText(), d -> d.at("/spec/template/metadata/labels")));
        for (JsonNode service : rendered.all("Service")) {
            JsonNode selector = service.at("/spec/selector");
            List<String> selected = podLabels.entrySet().stream()
                    .filter(e -> fieldsContained(selector, e.getValue())).map(Map.Entry::getKey).toList();
            assertEquals(List.of(service.at("/metadata/name").asText()), selected, "Service selects exactly its own Deployment");
            assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        }
        for (JsonNode hpa : rendered.all("HorizontalPodAutoscaler")) {
            assertTrue(podLabels.containsKey(hpa.at("/spec/scaleTargetRef/name").asText()), hpa.toString());
        }
        for (JsonNode pdb : rendered.all("PodDisruptionBudget")) {
            assertEquals(1, podLabels.values().stream().filter(labels -> fieldsContained(pdb.at("/spec/selector/matchLabels"), labels)).count());
        }
    }

    @Test
    void productionValuesTurnOnTheSecretsTlsIngressAndAutoscaling() {
        Rendered rendered = Rendered.chart("production-values.yaml");
        assertEquals(4, rendered.all("HorizontalPodAutoscaler").size());
        rendered.all("Deployment").forEach(d -> assertTrue(d.at("/spec/replicas").isMissingNode(),
                "an autoscaled Deployment leaves replicas to its HPA: " + d.at("/metadata/name")));
        JsonNode ingest = container(rendered, "floorwatch-ingest-service");
        assertEquals("registry.example.cn/floorwatch/ingest-service:0.1.0", ingest.path("image").asText());
        assertEquals("registry.example.cn/floorwatch/notifier-service:0.1.1",
                container(rendered, "floorwatch-notifier-service").path("image").asText(), "a service's own image wins");
        Map<String, JsonNode> env = Rendered.env(ingest);
        assertEquals("floorwatch-kafka", env.get("FLOORWATCH_KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("floorwatch-redis", env.get("FLOORWATCH_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("floorwatch-operator", env.get("FLOORWATCH_OPERATOR_TOKEN").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("floorwatch-smtp", Rendered.env(container(rendered, "floorwatch-notifier-service"))
                .get("FLOORWATCH_SMTP_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(rendered.all("Secret").isEmpty(), "an existing operator Secret: the chart makes none");
        JsonNode config = rendered.one("ConfigMap", "floorwatch");
        assertEquals("SASL_SSL", config.at("/data/FLOORWATCH_KAFKA_SECURITY_PROTOCOL").asText());
        assertEquals("rediss://redis.internal:6380", config.at("/data/FLOORWATCH_REDIS_URL").asText());

        JsonNode ingress = rendered.one("Ingress", "floorwatch");
        assertEquals("floorwatch-tls", ingress.at("/spec/tls/0/secretName").asText());
        assertEquals(4, ingress.at("/spec/tls/0/hosts").size());
        Set<String> serviceNames = rendered.all("Service").stream().map(s -> s.at("/metadata/name").asText()).collect(Collectors.toSet());
        ingress.at("/spec/rules").forEach(rule -> assertTrue(serviceNames.contains(
                rule.at("/http/paths/0/backend/service/name").asText()), rule.toString()));
        assertEquals("https://alerts.floorwatch.example.cn", Rendered.env(container(rendered, "floorwatch-metrics-service"))
                .get("FLOORWATCH_WALLBOARD_ALERT_URL").path("value").asText());
        assertEquals("https://wallboard.floorwatch.example.cn", Rendered.env(container(rendered, "floorwatch-alert-service"))
                .get("FLOORWATCH_WALLBOARD_ORIGINS").path("value").asText(), "CORS names the wallboard's origin");
        assertEquals(1, rendered.all("ServiceMonitor").size());
        assertEquals(4, rendered.all("NetworkPolicy").size());
    }

    @Test
    void theTopicJobCreatesTheFourTopics() {
        // Embedded Helm's template leaves hooks out of its output; as an ordinary Job the same template is visible.
        Rendered rendered = Rendered.chart(null, Map.of("kafka.createTopics.hook", false));
        JsonNode job = rendered.one("Job", "floorwatch-topics");
        assertTrue(job.at("/metadata/annotations").path("helm.sh/hook").isMissingNode());
        assertEquals("apache/kafka:4.1.1", job.at("/spec/template/spec/containers/0/image").asText());
        assertTrue(job.at("/spec/template/spec/containers/0/args/0").asText().contains("--create --if-not-exists"));
        String topics = Rendered.env(job.at("/spec/template/spec/containers/0")).get("TOPICS").path("value").asText();
        assertEquals("floorwatch.events:12 floorwatch.snapshots:6 floorwatch.alerts:6 floorwatch.notifications.dlq:3", topics.trim());
        assertTrue(Rendered.chart("minimal-values.yaml").all("Job").isEmpty(), "topics made by the platform team: no job");
    }

    @Test
    void networkPoliciesLetOnlyIngestAndNotifierOutToHttpsAndOnlyNotifierToSmtp() {
        Rendered rendered = Rendered.chart(null);
        for (JsonNode policy : rendered.all("NetworkPolicy")) {
            String name = policy.at("/metadata/name").asText();
            Set<Integer> ports = policy.at("/spec/egress").findValues("port").stream().map(JsonNode::asInt).collect(Collectors.toSet());
            assertTrue(ports.containsAll(Set.of(53, 9092, 6379)), name + " " + ports);
            assertEquals(name.endsWith("ingest-service") || name.endsWith("notifier-service"), ports.contains(443), name + " " + ports);
            assertEquals(name.endsWith("notifier-service"), ports.contains(587), name + " " + ports);
        }
    }

    private static JsonNode container(Rendered rendered, String deployment) {
        return rendered.one("Deployment", deployment).at("/spec/template/spec/containers/0");
    }

    /** A secret-looking variable must come from a Secret (valueFrom), never as a plain value. */
    private static void noSecretInPlainValues(String deployment, JsonNode container) {
        Rendered.env(container).forEach((name, entry) -> {
            boolean secretLike = name.contains("PASSWORD") || name.contains("TOKEN") || name.contains("JAAS") || name.contains("SECRET");
            if (secretLike) {
                assertTrue(entry.has("valueFrom") && !entry.has("value"), deployment + " " + name + " must come from a Secret");
            }
        });
    }

    private static boolean fieldsContained(JsonNode subset, JsonNode labels) {
        var names = subset.fieldNames();
        boolean any = false;
        while (names.hasNext()) {
            String name = names.next();
            any = true;
            if (!subset.get(name).asText().equals(labels.path(name).asText(null))) {
                return false;
            }
        }
        return any;
    }
}
