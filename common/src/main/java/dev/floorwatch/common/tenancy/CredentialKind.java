package dev.floorwatch.common.tenancy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The credentials a tenant holds, with their JSON names and token prefixes. The prefixes let
 * secret scanners and humans tell the kinds apart; they carry no authority.
 */
public enum CredentialKind {
    INGEST_KEY("ingestKey", "fwi_", Role.INGEST),
    ADMIN_TOKEN("adminToken", "fwa_", Role.ADMIN),
    VIEWER_TOKEN("viewerToken", "fwv_", Role.VIEWER),
    /** HMAC secret for signed webhook bodies; kept retrievable, never a bearer token. */
    SIGNING_SECRET("signingSecret", "fws_", null);

    private final String jsonName;
    private final String prefix;
    private final Role role;

    CredentialKind(String jsonName, String prefix, Role role) {
        this.jsonName = jsonName;
        this.prefix = prefix;
        this.role = role;
    }

    public String jsonName() {
        return jsonName;
    }

    public String prefix() {
        return prefix;
    }

    /** The role a bearer of this credential has; {@code null} for the signing secret. */
    public Role role() {
        return role;
    }

    public static Optional<CredentialKind> fromJsonName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }
}
