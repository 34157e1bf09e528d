package dev.floorwatch.metrics.domain;

/**
 * One minute of the trends of METRICS.md. Gauges ({@code queueLength}, {@code longestWaitSeconds},
 * {@code onlineAgents}) are the maximum sampled in the minute, {@code null} when nobody sampled it;
 * the others count the minute's events.
 */
public record TrendPoint(String minute, Long queueLength, Long longestWaitSeconds, long started,
        Double firstResponseAvgSeconds, Long onlineAgents, long negativeRatings, long riskHits) {
}
