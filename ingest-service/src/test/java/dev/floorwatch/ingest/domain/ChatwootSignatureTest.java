package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.floorwatch.ingest.domain.ChatwootSignature.Verdict;

class ChatwootSignatureTest {

    private static final byte[] BODY = "{\"event\":\"message_created\",\"id\":42,\"content\":\"你好\"}".getBytes(StandardCharsets.UTF_8);
    /** Computed independently: Python hmac.new(b"cw-secret", b"1732615200." + body, sha256). */
    private static final String KNOWN = "sha256=511b34f4105c1027a86c209418cb717c83503916cbce1df565b2a164d1356c99";
    private static final Instant AT = Instant.ofEpochSecond(1732615200L);
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void signsAsChatwootDoes() {
        assertEquals(KNOWN, ChatwootSignature.sign("cw-secret", 1732615200L, BODY));
        assertEquals(Verdict.VALID, ChatwootSignature.verify("1732615200", KNOWN, BODY, "cw-secret", AT.plusSeconds(299), WINDOW));
    }

    @Test
    void rejectsWhatChatwootWouldNotHaveSent() {
        assertEquals(Verdict.MISSING, ChatwootSignature.verify(null, KNOWN, BODY, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.MISSING, ChatwootSignature.verify("1732615200", null, BODY, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.MALFORMED, ChatwootSignature.verify("yesterday", KNOWN, BODY, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.MALFORMED, ChatwootSignature.verify("1732615200", KNOWN.substring(7), BODY, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.MALFORMED, ChatwootSignature.verify("1732615200", "sha256=zz", BODY, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.STALE, ChatwootSignature.verify("1732615200", KNOWN, BODY, "cw-secret", AT.plusSeconds(301), WINDOW));
        assertEquals(Verdict.MISMATCH, ChatwootSignature.verify("1732615200", KNOWN, BODY, "other-secret", AT, WINDOW));
        byte[] tampered = "{\"event\":\"message_created\",\"id\":43,\"content\":\"你好\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.MISMATCH, ChatwootSignature.verify("1732615200", KNOWN, tampered, "cw-secret", AT, WINDOW));
        assertEquals(Verdict.MISMATCH, ChatwootSignature.verify("1732615201", KNOWN, BODY, "cw-secret", AT, WINDOW),
                "the timestamp is signed too");
    }
}
