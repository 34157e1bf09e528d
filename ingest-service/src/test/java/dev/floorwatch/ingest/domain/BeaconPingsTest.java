package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class BeaconPingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.250Z");

    @Test
    void aPingBecomesAValidPresenceEnvelope() throws Exception {
        BeaconPings.Ping ping = BeaconPings.parse(JSON.readTree("""
                {"key": "fwk_x", "visitor": "Abc-123_xyz", "event": "online", "channel": "landing",
                 "page": "/promo/double11", "source": "baidu/d11", "tier": "vip"}"""));
        ObjectNode envelope = BeaconPings.envelope(ping, NOW);
        assertEquals("visitor.online", envelope.get("type").asText());
        assertEquals("bk-Abc-123_xyz", envelope.get("visitorId").asText());
        assertEquals("landing", envelope.get("channel").asText());
        assertEquals("vip", envelope.at("/data/valueTier").asText());
        assertEquals("baidu/d11", envelope.at("/data/source").asText());
        assertEquals("2026-11-26T10:00:00.250Z", envelope.get("occurredAt").asText(), "presence is the time it arrived");
        assertTrue(new EnvelopeValidator(10, Duration.ofMinutes(5)).validate(envelope, "acme", NOW).valid());
    }

    @Test
    void theChannelDefaultsToWebAndOfflineCarriesNoData() throws Exception {
        BeaconPings.Ping ping = BeaconPings.parse(JSON.readTree("{\"key\": \"k\", \"visitor\": \"abcdefgh\", \"event\": \"offline\"}"));
        ObjectNode envelope = BeaconPings.envelope(ping, NOW);
        assertEquals("web", envelope.get("channel").asText());
        assertEquals("visitor.offline", envelope.get("type").asText());
        assertNull(envelope.get("data").get("page"));
    }
}
