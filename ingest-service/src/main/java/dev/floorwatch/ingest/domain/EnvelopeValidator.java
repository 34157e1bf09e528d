package dev.floorwatch.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.events.EventEnvelope;
import dev.floorwatch.common.events.EventType;
import dev.floorwatch.common.http.FieldError;

/**
 * Checks client JSON against the envelope of EVENTS.md and builds {@link EventEnvelope}s. It
 * reports every error of every event (with its batch index), so one round trip shows the client
 * all that is wrong. Pure: no I/O.
 */
public final class EnvelopeValidator {

    /** Events of a valid request, or every error of an invalid one. */
    public record Outcome(List<EventEnvelope> events, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("schema", "id", "tenant", "type", "occurredAt",
            "receivedAt", "channel", "conversationId", "visitorId", "agentId", "skillGroup", "data");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final int MAX_TEXT_BYTES = 8 * 1024;
    private static final Set<String> VALUE_TIERS = Set.of("vip", "high", "normal");
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "initiator", Set.of("visitor", "agent", "system"),
            "reason", Set.of("new", "bot_handoff", "transfer"),
            "from", Set.of("bot", "agent", "group"),
            "to", Set.of("agent", "group", "queue"),
            "sender", Set.of("visitor", "agent", "bot", "system"),
            "status", Set.of("online", "busy", "away", "offline"));

    private final int maxBatchSize;
    private final Duration maxClockSkew;

    public EnvelopeValidator(int maxBatchSize, Duration maxClockSkew) {
        this.maxBatchSize = maxBatchSize;
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * Validates a request body: one envelope, or {@code {"events": [...]}}. {@code tenant} comes
     * from the URL; {@code receivedAt} is the time ingest accepted the request.
     */
    public Outcome validate(JsonNode body, String tenant, Instant receivedAt) {
        if (!body.isObject()) {
            return invalid(FieldError.of("$", "must be an event object or {\"events\": [...]}"));
        }
        if (body.has("events") && !body.has("id") && !body.has("type")) {
            return validateBatch(body, tenant, receivedAt);
        }
        Errors errors = new Errors(null);
        EventEnvelope event = validateEvent(body, tenant, receivedAt, errors);
        return errors.list.isEmpty() ? new Outcome(List.of(event), List.of()) : new Outcome(List.of(), errors.list);
    }

    private Outcome validateBatch(JsonNode body, String tenant, Instant receivedAt) {
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("events")) {
                errors.add(FieldError.of(name, "unknown field; a batch has only \"events\""));
            }
        });
        JsonNode events = body.get("events");
        if (!events.isArray()) {
            errors.add(FieldError.of("events", "must be an array of events"));
            return new Outcome(List.of(), errors);
        }
        if (events.isEmpty()) {
            errors.add(FieldError.of("events", "must hold at least one event"));
        }
        if (events.size() > maxBatchSize) {
            errors.add(FieldError.of("events", "holds " + events.size() + " events; at most " + maxBatchSize + " per request"));
            return new Outcome(List.of(), errors);
        }
        List<EventEnvelope> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Errors eventErrors = new Errors(i);
            JsonNode item = events.get(i);
            if (!item.isObject()) {
                eventErrors.add("$", "must be an event object");
            } else {
                EventEnvelope event = validateEvent(item, tenant, receivedAt, eventErrors);
                if (eventErrors.list.isEmpty()) {
                    valid.add(event);
                }
            }
            errors.addAll(eventErrors.list);
        }
        return errors.isEmpty() ? new Outcome(valid, List.of()) : new Outcome(List.of(), errors);
    }

    private EventEnvelope validateEvent(JsonNode node, String tenant, Instant receivedAt, Errors errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TOP_LEVEL_FIELDS.contains(name)) {
                errors.add(name, "unknown field");
            }
        }
        JsonNode schema = node.get("schema");
        if (schema != null && !(schema.isInt() && schema.intValue() == EventEnvelope.SCHEMA)) {
            errors.add("schema", "must be " + EventEnvelope.SCHEMA);
        }
        JsonNode claimedTenant = node.get("tenant");
        if (claimedTenant != null && !(claimedTenant.isTextual() && claimedTenant.textValue().equals(tenant))) {
            errors.add("tenant", "is taken from the URL; when given it must be \"" + tenant + "\"");
        }
        JsonNode receivedAtNode = node.get("receivedAt");
        if (receivedAtNode != null && !receivedAtNode.isTextual()) {
            errors.add("receivedAt", "is set by ingest; when given it must be a string");
        }

        String id = string(node, "id", 128, true, errors);
        String typeName = string(node, "type", 64, true, errors);
        Optional<EventType> type = Optional.empty();
        if (typeName != null) {
            type = EventType.fromWireName(typeName);
            if (type.isEmpty()) {
                errors.add("type", "unknown type \"" + typeName + "\"; one of " + EventType.wireNames());
            }
        }
        Instant occurredAt = timestamp(node, "occurredAt", errors);
        if (occurredAt != null && occurredAt.isAfter(receivedAt.plus(maxClockSkew))) {
            occurredAt = receivedAt;
        }

        boolean visitorEvent = type.map(EventType::isVisitorEvent).orElse(false);
        boolean conversationEvent = type.map(EventType::isConversationEvent).orElse(false);
        boolean messageEvent = type.filter(t -> t == EventType.MESSAGE_CREATED).isPresent();

        String channel = string(node, "channel", 32, visitorEvent || conversationEvent, errors);
        if (channel != null && !CHANNEL.matcher(channel).matches()) {
            errors.add("channel", "must match [a-z0-9_-]{1,32}");
        }
        String conversationId = string(node, "conversationId", 128, conversationEvent || messageEvent, errors);
        String visitorId = string(node, "visitorId", 128, visitorEvent, errors);
        String agentId = string(node, "agentId", 128,
                type.filter(t -> t == EventType.CONVERSATION_ASSIGNED || t == EventType.AGENT_STATUS).isPresent(),
                errors);
        String skillGroup = string(node, "skillGroup", 64, false, errors);

        ObjectNode data;
        JsonNode dataNode = node.get("data");
        if (dataNode == null || dataNode.isNull()) {
            data = JsonNodeFactory.instance.objectNode();
        } else if (dataNode.isObject()) {
            data = (ObjectNode) dataNode;
        } else {
            errors.add("data", "must be an object");
            data = JsonNodeFactory.instance.objectNode();
        }
        type.ifPresent(t -> validateData(t, data, agentId, errors));

        if (!errors.list.isEmpty()) {
            return null;
        }
        return new EventEnvelope(EventEnvelope.SCHEMA, id, tenant, typeName, occurredAt, receivedAt, channel,
                conversationId, visitorId, agentId, skillGroup, data);
    }

    private static void validateData(EventType type, ObjectNode data, String agentId, Errors errors) {
        switch (type) {
            case VISITOR_ONLINE -> {
                optionalEnum(data, "valueTier", VALUE_TIERS, errors);
                dataString(data, "page", 2048, false, errors);
                dataString(data, "source", 256, false, errors);
            }
            case CONVERSATION_STARTED -> {
                requiredEnum(data, "initiator", errors);
                optionalEnum(data, "valueTier", VALUE_TIERS, errors);
            }
            case CONVERSATION_QUEUED -> optionalEnum(data, "reason", ENUMS.get("reason"), errors);
            case CONVERSATION_TRANSFERRED -> {
                requiredEnum(data, "from", errors);
                requiredEnum(data, "to", errors);
                dataString(data, "fromAgentId", 128, false, errors);
            }
            case MESSAGE_CREATED -> {
                String sender = requiredEnum(data, "sender", errors);
                String text = dataString(data, "text", Integer.MAX_VALUE, true, errors);
                if (text != null && text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
                    errors.add("data.text", "must be at most 8 KiB of UTF-8");
                }
                if ("agent".equals(sender) && agentId == null) {
                    errors.add("agentId", "is required for a message with sender \"agent\"");
                }
            }
            case CONVERSATION_RATED -> {
                JsonNode score = data.get("score");
                if (score == null || score.isNull()) {
                    errors.add("data.score", "is required");
                } else if (!score.canConvertToExactIntegral() || score.asInt() < 1 || score.asInt() > 5) {
                    errors.add("data.score", "must be an integer from 1 to 5");
                }
                dataString(data, "comment", 4096, false, errors);
            }
            case CONVERSATION_CLOSED -> {
                JsonNode resolved = data.get("resolved");
                if (resolved != null && !resolved.isNull() && !resolved.isBoolean()) {
                    errors.add("data.resolved", "must be true or false");
                }
                dataString(data, "closedBy", 128, false, errors);
            }
            case AGENT_STATUS -> {
                requiredEnum(data, "status", errors);
                JsonNode max = data.get("maxConcurrency");
                if (max != null && !max.isNull()
                        && !(max.isIntegralNumber() && max.asInt() >= 1 && max.asInt() <= 1000)) {
                    errors.add("data.maxConcurrency", "must be an integer from 1 to 1000");
                }
                stringList(data, "skillGroups", 64, false, errors);
            }
            case CONVERSATION_TAGGED -> stringList(data, "tags", 64, true, errors);
            default -> {
                // visitor.offline, conversation.assigned, conversation.abandoned: no data fields to check.
            }
        }
    }

    private static String string(JsonNode node, String field, int maxLength, boolean required, Errors errors) {
        return text(node.get(field), field, maxLength, required, errors);
    }

    private static String dataString(ObjectNode data, String field, int maxLength, boolean required, Errors errors) {
        return text(data.get(field), "data." + field, maxLength, required, errors);
    }

    private static String text(JsonNode value, String field, int maxLength, boolean required, Errors errors) {
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        String text = value.textValue();
        if (text.isEmpty() && maxLength != Integer.MAX_VALUE) {
            errors.add(field, "must not be empty");
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    private static String requiredEnum(ObjectNode data, String field, Errors errors) {
        return enumValue(data, field, ENUMS.get(field), true, errors);
    }

    private static void optionalEnum(ObjectNode data, String field, Set<String> allowed, Errors errors) {
        enumValue(data, field, allowed, false, errors);
    }

    private static String enumValue(ObjectNode data, String field, Set<String> allowed, boolean required, Errors errors) {
        String value = dataString(data, field, 64, required, errors);
        if (value != null && !allowed.contains(value)) {
            errors.add("data." + field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        return value;
    }

    private static void stringList(ObjectNode data, String field, int maxLength, boolean required, Errors errors) {
        JsonNode list = data.get(field);
        if (list == null || list.isNull()) {
            if (required) {
                errors.add("data." + field, "is required");
            }
            return;
        }
        if (!list.isArray() || (required && list.isEmpty())) {
            errors.add("data." + field, required ? "must be a non-empty array of strings" : "must be an array of strings");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            text(list.get(i), "data." + field + "[" + i + "]", maxLength, true, errors);
        }
    }

    private static Instant timestamp(JsonNode node, String field, Errors errors) {
        String value = string(node, field, 64, true, errors);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an RFC 3339 timestamp with an offset, such as 2026-11-26T10:15:30Z");
            return null;
        }
    }

    private static Outcome invalid(FieldError error) {
        return new Outcome(List.of(), List.of(error));
    }

    /** Errors of one event, stamped with its batch index. */
    private static final class Errors {
        private final Integer index;
        private final List<FieldError> list = new ArrayList<>();

        Errors(Integer index) {
            this.index = index;
        }

        void add(String field, String message) {
            list.add(new FieldError(index, field, message));
        }
    }
}
