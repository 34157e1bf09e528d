package dev.floorwatch.simulator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void theChatwootSignatureIsHexHmacOfTimestampDotBody() {
        // Computed with Python's hmac module: hmac.new(secret, b"1795699200." + body, sha256).hexdigest()
        byte[] body = "{\"event\":\"message_created\",\"content\":\"你好\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("sha256=942b734b25d64e2599e508a67a77c626b6c1e12610ff188f072e81a56565ac23",
                Runner.chatwootSignature("whsec-test", 1795699200L, body));
    }
}
