package dev.floorwatch.metrics.domain;

/** Visitor value tiers of EVENTS.md. */
final class Tiers {

    private Tiers() {
    }

    /** {@code vip} and {@code high} visitors are the ones a floor must not keep waiting. */
    static boolean isHighValue(String tier) {
        return "vip".equals(tier) || "high".equals(tier);
    }
}
