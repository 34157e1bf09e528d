package dev.floorwatch.common.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The canonical event of EVENTS.md, as written to {@code floorwatch.events}. Every source is
 * normalised into this shape by ingest-service; {@code tenant} and {@code receivedAt} are set
 * there and never trusted from a client.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        int schema,
        String id,
        String tenant,
        String type,
        Instant occurredAt,
        Instant receivedAt,
        String channel,
        String conversationId,
        String visitorId,
        String agentId,
        String skillGroup,
        ObjectNode data) {

    /** The envelope version this code writes. */
    public static final int SCHEMA = 1;

    /**
     * A record without {@code data} reads as one with an empty object, as ingest writes it: one
     * such record must not stop a consumer (a benchmark producing straight to Kafka found that).
     */
    public EventEnvelope {
        if (data == null) {
            data = JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * The Kafka record key: one conversation's events stay in order on one partition; events
     * without a conversation are keyed by their agent or visitor.
     */
    public String kafkaKey() {
        String subject = conversationId != null ? conversationId
                : agentId != null ? agentId
                : visitorId != null ? visitorId
                : id;
        return tenant + ":" + subject;
    }
}
