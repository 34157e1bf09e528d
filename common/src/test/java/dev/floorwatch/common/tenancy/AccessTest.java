package dev.floorwatch.common.tenancy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.floorwatch.common.http.ProblemException;

class AccessTest {

    private static final Caller ACME_ADMIN = new Caller("acme", Role.ADMIN);
    private static final Caller ACME_VIEWER = new Caller("acme", Role.VIEWER);
    private static final Caller ACME_INGEST = new Caller("acme", Role.INGEST);

    @Test
    void adminReadsWhatViewersRead() {
        assertDoesNotThrow(() -> TenantAccess.check(ACME_ADMIN, "acme", Access.VIEWER));
        assertDoesNotThrow(() -> TenantAccess.check(ACME_VIEWER, "acme", Access.VIEWER));
    }

    @Test
    void viewerCannotWrite() {
        ProblemException e = assertThrows(ProblemException.class, () -> TenantAccess.check(ACME_VIEWER, "acme", Access.ADMIN));
        assertEquals(403, e.problem().status());
    }

    @Test
    void ingestKeyOnlySendsEvents() {
        assertDoesNotThrow(() -> TenantAccess.check(ACME_INGEST, "acme", Access.INGEST));
        assertEquals(403, assertThrows(ProblemException.class,
                () -> TenantAccess.check(ACME_INGEST, "acme", Access.VIEWER)).problem().status());
        assertEquals(403, assertThrows(ProblemException.class,
                () -> TenantAccess.check(ACME_ADMIN, "acme", Access.INGEST)).problem().status());
    }

    @Test
    void credentialOfAnotherTenantIsForbiddenWhateverItsRole() {
        for (Caller caller : new Caller[] { ACME_ADMIN, ACME_VIEWER, ACME_INGEST }) {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> TenantAccess.check(caller, "globex", Access.ADMIN, Access.VIEWER, Access.INGEST));
            assertEquals(403, e.problem().status());
            assertEquals("This credential belongs to another tenant.", e.problem().detail());
        }
    }

    @Test
    void operatorActsOnlyWhereAdmitted() {
        assertDoesNotThrow(() -> TenantAccess.check(Caller.OPERATOR, "acme", Access.OPERATOR, Access.ADMIN));
        assertEquals(403, assertThrows(ProblemException.class,
                () -> TenantAccess.check(Caller.OPERATOR, "acme", Access.VIEWER)).problem().status());
    }
}
