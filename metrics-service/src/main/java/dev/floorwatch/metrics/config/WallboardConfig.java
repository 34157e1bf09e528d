package dev.floorwatch.metrics.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Where the wallboard's browser finds the other services. Acknowledging and silencing go to
 * alert-service, in-app notifications come from notifier-service: each allows the wallboard's
 * origin by CORS. Empty means the same origin (an ingress routing those paths to the services).
 */
@ConfigMapping(prefix = "floorwatch.wallboard")
public interface WallboardConfig {

    /** Base URL of alert-service as the browser reaches it, e.g. {@code https://alerts.example.com}. */
    Optional<String> alertUrl();

    /** Base URL of notifier-service as the browser reaches it. */
    Optional<String> notifierUrl();
}
