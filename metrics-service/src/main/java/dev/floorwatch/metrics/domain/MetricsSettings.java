package dev.floorwatch.metrics.domain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tenant settings of METRICS.md (the bracketed values), with the contract's defaults. */
public record MetricsSettings(Duration visitorTtl, Duration queueSla, Duration responseSla,
        Duration firstResponseWindow, int defaultMaxConcurrency, Map<String, List<String>> channelGroups) {

    public static final Duration WINDOW_60M = Duration.ofMinutes(60);

    public static MetricsSettings defaults() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("public", List.of("web", "landing", "h5", "app"));
        groups.put("private", List.of("wechat_oa", "wecom", "sms", "email"));
        return new MetricsSettings(Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofMinutes(30), 5, groups);
    }
}
