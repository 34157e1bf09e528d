package dev.floorwatch.metrics.domain;

/**
 * One member of one of a tenant's sorted sets ({@code key} is relative to the tenant's metrics
 * prefix). A state's entries are derived from the state alone, so applying an event is "remove
 * the entries the old state had and the new one has not, add the new ones".
 */
public record IndexEntry(String key, String member, long score) {

    /** Identity of the entry regardless of its score. */
    String slot() {
        return key + '\u0000' + member;
    }
}
