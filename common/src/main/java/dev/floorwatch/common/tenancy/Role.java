package dev.floorwatch.common.tenancy;

/** What a tenant credential may do (API.md). The operator is not a tenant role: see {@link Caller}. */
public enum Role {
    /** Sends events. */
    INGEST,
    /** Manages rules, receivers, silences and credentials; reads everything of its tenant. */
    ADMIN,
    /** Read-only: overview, lists, stream, wallboard. */
    VIEWER
}
