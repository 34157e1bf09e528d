package dev.floorwatch.common.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialTokensTest {

    @Test
    void tokensCarryTheirKindPrefixAnd256RandomBits() {
        String first = CredentialTokens.generate(CredentialKind.INGEST_KEY);
        String second = CredentialTokens.generate(CredentialKind.INGEST_KEY);
        assertTrue(first.startsWith("fwi_"));
        assertEquals(4 + 43, first.length());
        assertNotEquals(first, second);
        assertTrue(CredentialTokens.generate(CredentialKind.VIEWER_TOKEN).startsWith("fwv_"));
    }

    @Test
    void hashIsStableLowerCaseSha256() {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CredentialTokens.hash("abc"));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertTrue(CredentialTokens.constantTimeEquals("secret", "secret"));
        assertFalse(CredentialTokens.constantTimeEquals("secret", "secreT"));
        assertFalse(CredentialTokens.constantTimeEquals("secret", "secret-longer"));
        assertFalse(CredentialTokens.constantTimeEquals(null, "secret"));
    }

    @Test
    void tenantIdsFollowTheApiPattern() {
        assertTrue(TenantIds.isValid("acme"));
        assertTrue(TenantIds.isValid("9-lives"));
        assertFalse(TenantIds.isValid("a"));
        assertFalse(TenantIds.isValid("-acme"));
        assertFalse(TenantIds.isValid("Acme"));
        assertFalse(TenantIds.isValid("a".repeat(64)));
    }
}
