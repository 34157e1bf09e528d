package dev.floorwatch.common.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Credentials shown exactly once: in the answer that created or rotated them. Only the kinds
 * that were issued are present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedCredentials(String id, String name, String timezone, String ingestKey, String signingSecret,
        String adminToken, String viewerToken) {
}
