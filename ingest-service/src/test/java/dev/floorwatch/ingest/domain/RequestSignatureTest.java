package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.domain.RequestSignature.Verdict;

class RequestSignatureTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
    private static final byte[] BODY = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // Expected value from: printf '1795000000.{"id":"e1"}' | openssl dgst -sha256 -hmac secret
        String header = RequestSignature.sign("secret", NOW.getEpochSecond(), BODY);
        assertEquals("t=1795000000,v1=d01e0c232013379cca4405debf32254728ade785cc793b51b12f82f7c2162fc2", header);
        assertEquals(Verdict.VALID, RequestSignature.verify(header, BODY, List.of("secret"), NOW, TOLERANCE));
    }

    @Test
    void wrongSecretIsAMismatch() {
        String header = RequestSignature.sign("other-secret", NOW.getEpochSecond(), BODY);
        assertEquals(Verdict.MISMATCH, RequestSignature.verify(header, BODY, List.of("secret"), NOW, TOLERANCE));
    }

    @Test
    void tamperedBodyIsAMismatch() {
        String header = RequestSignature.sign("secret", NOW.getEpochSecond(), BODY);
        byte[] tampered = "{\"id\":\"e2\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.MISMATCH, RequestSignature.verify(header, tampered, List.of("secret"), NOW, TOLERANCE));
    }

    @Test
    void timestampOutsideTheWindowIsStaleEvenWithAGoodSignature() {
        long old = NOW.getEpochSecond() - 301;
        assertEquals(Verdict.STALE, RequestSignature.verify(RequestSignature.sign("secret", old, BODY), BODY,
                List.of("secret"), NOW, TOLERANCE));
        long future = NOW.getEpochSecond() + 301;
        assertEquals(Verdict.STALE, RequestSignature.verify(RequestSignature.sign("secret", future, BODY), BODY,
                List.of("secret"), NOW, TOLERANCE));
        long edge = NOW.getEpochSecond() - 300;
        assertEquals(Verdict.VALID, RequestSignature.verify(RequestSignature.sign("secret", edge, BODY), BODY,
                List.of("secret"), NOW, TOLERANCE));
    }

    @Test
    void replayedTimestampCannotBeMovedWithoutTheSecret() {
        String header = RequestSignature.sign("secret", NOW.getEpochSecond() - 1000, BODY);
        String moved = header.replace("t=" + (NOW.getEpochSecond() - 1000), "t=" + NOW.getEpochSecond());
        assertEquals(Verdict.MISMATCH, RequestSignature.verify(moved, BODY, List.of("secret"), NOW, TOLERANCE));
    }

    @Test
    void previousSecretStillVerifiesDuringARotation() {
        String header = RequestSignature.sign("old", NOW.getEpochSecond(), BODY);
        assertEquals(Verdict.VALID, RequestSignature.verify(header, BODY, List.of("new", "old"), NOW, TOLERANCE));
    }

    @Test
    void malformedHeadersAreRejected() {
        for (String header : List.of("", "v1=abcd", "t=1795000000", "t=soon,v1=ab", "t=1795000000,v1=xyz", "garbage")) {
            assertEquals(Verdict.MALFORMED, RequestSignature.verify(header, BODY, List.of("secret"), NOW, TOLERANCE), header);
        }
    }
}
