package dev.floorwatch.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.http.FieldError;

class EnvelopeValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final EnvelopeValidator validator = new EnvelopeValidator(1000, Duration.ofMinutes(5));

    @Test
    void validSingleEventBecomesAnEnvelopeWithIngestFields() {
        EnvelopeValidator.Outcome outcome = validate("""
                {"id": "e1", "type": "conversation.started", "occurredAt": "2026-11-26T17:59:58+08:00",
                 "channel": "web", "conversationId": "c1", "data": {"initiator": "visitor", "utm": "kept"}}""");

        assertTrue(outcome.valid(), () -> outcome.errors().toString());
        EventEnvelope event = outcome.events().get(0);
        assertEquals(1, event.schema());
        assertEquals("acme", event.tenant());
        assertEquals(Instant.parse("2026-11-26T09:59:58Z"), event.occurredAt());
        assertEquals(NOW, event.receivedAt());
        assertEquals("kept", event.data().get("utm").asText(), "unknown keys inside data are passed on");
        assertEquals("acme:c1", event.kafkaKey());
    }

    @Test
    void batchReportsEveryErrorWithItsIndexAndPublishesNothing() {
        EnvelopeValidator.Outcome outcome = validate("""
                {"events": [
                  {"id": "ok", "type": "visitor.online", "occurredAt": "2026-11-26T10:00:00Z", "channel": "h5", "visitorId": "v1"},
                  {"id": "bad", "type": "message.created", "occurredAt": "yesterday", "conversationId": "c1",
                   "data": {"sender": "robot"}, "colour": "red"},
                  {"id": "", "type": "agent.status", "occurredAt": "2026-11-26T10:00:00Z", "agentId": "a1",
                   "data": {"status": "online", "maxConcurrency": 0, "skillGroups": ["presales", 7]}}
                ]}""");

        assertFalse(outcome.valid());
        assertTrue(outcome.events().isEmpty());
        assertEquals(List.of(
                new FieldError(1, "colour", "unknown field"),
                new FieldError(1, "occurredAt", "must be an RFC 3339 timestamp with an offset, such as 2026-11-26T10:15:30Z"),
                new FieldError(1, "data.sender", "must be one of agent, bot, system, visitor"),
                new FieldError(1, "data.text", "is required"),
                new FieldError(2, "id", "must not be empty"),
                new FieldError(2, "data.maxConcurrency", "must be an integer from 1 to 1000"),
                new FieldError(2, "data.skillGroups[1]", "must be a string")), outcome.errors());
    }

    @Test
    void requiredFieldsDependOnTheType() {
        assertEquals(List.of("channel", "visitorId"), fields(validate("""
                {"id": "e", "type": "visitor.online", "occurredAt": "2026-11-26T10:00:00Z"}""")));
        assertEquals(List.of("channel", "conversationId", "agentId"), fields(validate("""
                {"id": "e", "type": "conversation.assigned", "occurredAt": "2026-11-26T10:00:00Z"}""")));
        assertEquals(List.of("data.from", "data.to"), fields(validate("""
                {"id": "e", "type": "conversation.transferred", "occurredAt": "2026-11-26T10:00:00Z",
                 "channel": "web", "conversationId": "c"}""")));
        assertEquals(List.of("id", "type", "occurredAt"), fields(validate("{}")));
    }

    @Test
    void agentMessageNeedsTheAgent() {
        assertEquals(List.of("agentId"), fields(validate("""
                {"id": "e", "type": "message.created", "occurredAt": "2026-11-26T10:00:00Z",
                 "conversationId": "c", "data": {"sender": "agent", "text": "您好"}}""")));
    }

    @Test
    void messageTextIsLimitedTo8KibOfUtf8() {
        String chinese = "投".repeat(2731); // 3 bytes each: 8,193 bytes
        assertEquals(List.of("data.text"), fields(validate("""
                {"id": "e", "type": "message.created", "occurredAt": "2026-11-26T10:00:00Z",
                 "conversationId": "c", "data": {"sender": "visitor", "text": "%s"}}""".formatted(chinese))));
    }

    @Test
    void ratingScoreMustBeOneToFive() {
        for (String score : List.of("0", "6", "2.5", "\"5\"")) {
            assertEquals(List.of("data.score"), fields(validate("""
                    {"id": "e", "type": "conversation.rated", "occurredAt": "2026-11-26T10:00:00Z",
                     "channel": "web", "conversationId": "c", "data": {"score": %s}}""".formatted(score))), score);
        }
    }

    @Test
    void channelMustMatchItsPattern() {
        assertEquals(List.of("channel"), fields(validate("""
                {"id": "e", "type": "visitor.offline", "occurredAt": "2026-11-26T10:00:00Z",
                 "channel": "Web Site", "visitorId": "v"}""")));
    }

    @Test
    void tenantInTheBodyMustBeTheUrlTenant() {
        assertEquals(List.of("tenant"), fields(validate("""
                {"id": "e", "tenant": "globex", "type": "visitor.offline", "occurredAt": "2026-11-26T10:00:00Z",
                 "channel": "web", "visitorId": "v"}""")));
    }

    @Test
    void eventTimeFarInTheFutureIsClampedToReceiveTime() {
        EnvelopeValidator.Outcome outcome = validate("""
                {"id": "e", "type": "visitor.offline", "occurredAt": "2026-11-26T10:06:00Z", "channel": "web", "visitorId": "v"}""");
        assertEquals(NOW, outcome.events().get(0).occurredAt());

        EnvelopeValidator.Outcome slightlyAhead = validate("""
                {"id": "e", "type": "visitor.offline", "occurredAt": "2026-11-26T10:04:00Z", "channel": "web", "visitorId": "v"}""");
        assertEquals(Instant.parse("2026-11-26T10:04:00Z"), slightlyAhead.events().get(0).occurredAt());
    }

    @Test
    void batchSizeIsBounded() {
        EnvelopeValidator small = new EnvelopeValidator(2, Duration.ofMinutes(5));
        String event = """
                {"id": "e", "type": "visitor.offline", "occurredAt": "2026-11-26T10:00:00Z", "channel": "web", "visitorId": "v"}""";
        EnvelopeValidator.Outcome outcome = small.validate(parse("{\"events\": [" + event + "," + event + "," + event + "]}"),
                "acme", NOW);
        assertEquals(List.of(FieldError.of("events", "holds 3 events; at most 2 per request")), outcome.errors());
        assertEquals(List.of(FieldError.of("events", "must hold at least one event")),
                validate("{\"events\": []}").errors());
    }

    private EnvelopeValidator.Outcome validate(String json) {
        return validator.validate(parse(json), "acme", NOW);
    }

    private static List<String> fields(EnvelopeValidator.Outcome outcome) {
        return outcome.errors().stream().map(FieldError::field).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
