package dev.floorwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;

/** Kubernetes objects rendered by the chart (or read from a manifest file), parsed for assertions. */
final class Rendered {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path CHART = ROOT.resolve("helm/floorwatch");
    static final String RELEASE = "floorwatch";
    static final String NAMESPACE = "floorwatch";
    static final String KUBE_VERSION = "1.31.0";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final String text;
    final List<JsonNode> objects;

    private Rendered(String text) {
        this.text = text;
        this.objects = parse(text);
    }

    /** {@code helm template floorwatch helm/floorwatch -n floorwatch [-f values]}. */
    static Rendered chart(String valuesFile) {
        return chart(valuesFile, Map.of());
    }

    /** The same with {@code --set name=value} overrides. */
    static Rendered chart(String valuesFile, Map<String, Object> set) {
        // A current cluster version: helm template otherwise assumes an old one that the chart refuses.
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(CHART.resolve("ci").resolve(valuesFile));
        }
        for (Map.Entry<String, Object> override : set.entrySet()) {
            template = template.set(override.getKey(), override.getValue());
        }
        return new Rendered(template.call());
    }

    static Rendered of(String text) {
        return new Rendered(text);
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode one(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    String names() {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
                .collect(Collectors.joining(", "));
    }

    /** A container's environment as name → the env entry. */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static List<JsonNode> parse(String text) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }
}
