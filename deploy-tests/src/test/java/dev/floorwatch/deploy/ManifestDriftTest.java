package dev.floorwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s/floorwatch.yaml} is what the chart renders with its default values (release and
 * namespace {@code floorwatch}) — for people who apply plain manifests. Regenerate it with
 * {@code ./mvnw -pl deploy-tests test -Dfloorwatch.k8s.regenerate=true}; this test fails when it drifted.
 */
class ManifestDriftTest {

    static final Path MANIFEST = Rendered.ROOT.resolve("deploy/k8s/floorwatch.yaml");
    private static final String HEADER = """
            # Generated from helm/floorwatch with its default values (release and namespace "floorwatch"):
            #   ./mvnw -pl deploy-tests test -Dfloorwatch.k8s.regenerate=true
            # Do not edit; ManifestDriftTest fails when this file and the chart differ.
            # The operator token Secret is generated at install by Helm; here it is a placeholder to replace.
            """;

    @Test
    void theCommittedManifestsAreWhatTheChartRendersNow() throws IOException {
        String rendered = HEADER + stable(Rendered.chart(null).text);
        if (Boolean.getBoolean("floorwatch.k8s.regenerate")) {
            Files.createDirectories(MANIFEST.getParent());
            Files.writeString(MANIFEST, rendered, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(MANIFEST), MANIFEST + " is missing; regenerate it");
        assertEquals(rendered, Files.readString(MANIFEST, StandardCharsets.UTF_8),
                "deploy/k8s drifted from the chart; regenerate with -Dfloorwatch.k8s.regenerate=true and commit");
        // The plain manifests parse and hold the four services.
        assertEquals(4, Rendered.of(rendered).all("Deployment").size());
    }

    /** The one random part of a render — the generated operator token — as a fixed placeholder. */
    static String stable(String manifest) {
        return manifest.replaceAll("(?m)^(\\s+operator-token: ).*$", "$1UkVQTEFDRS1NRQ==");
    }
}
