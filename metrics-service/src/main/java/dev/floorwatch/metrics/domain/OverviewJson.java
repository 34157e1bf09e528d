package dev.floorwatch.metrics.domain;

/**
 * An overview and its JSON text, written once for every stream of the tenant and the snapshot
 * topic: with a thousand watched tenants, each extra write is a thousand a second.
 */
public record OverviewJson(Overview overview, String json) {
}
