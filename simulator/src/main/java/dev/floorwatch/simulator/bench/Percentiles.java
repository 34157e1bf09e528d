package dev.floorwatch.simulator.bench;

import java.util.Arrays;

/** Percentiles of latencies in milliseconds (nearest rank). */
record Percentiles(int count, double p50, double p90, double p99, double max) {

    static Percentiles of(double[] millis) {
        if (millis.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.5), rank(sorted, 0.9), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
