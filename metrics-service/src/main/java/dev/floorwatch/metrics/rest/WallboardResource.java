package dev.floorwatch.metrics.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.floorwatch.metrics.config.WallboardConfig;

/**
 * The wallboard's settings, read by the page at start ({@code GET /wallboard/config.json}); the
 * page itself is static ({@code META-INF/resources}). Public: it holds no secret, only addresses.
 */
@Path("/wallboard/config.json")
public class WallboardResource {

    public record WallboardSettings(String alertUrl, String notifierUrl) {
    }

    private final WallboardSettings settings;

    public WallboardResource(WallboardConfig config) {
        this.settings = new WallboardSettings(base(config.alertUrl().orElse("")), base(config.notifierUrl().orElse("")));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WallboardSettings settings() {
        return settings;
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
