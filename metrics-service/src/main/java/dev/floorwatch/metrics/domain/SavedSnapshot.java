package dev.floorwatch.metrics.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An overview saved for later review (METRICS.md "Saved snapshots"): on demand, or when an alert fires. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedSnapshot(String id, String at, String label, String savedBy, Overview overview) {

    /** The list entry: everything but the overview. */
    public SavedSnapshot summary() {
        return new SavedSnapshot(id, at, label, savedBy, null);
    }
}
