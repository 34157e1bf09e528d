package dev.floorwatch.common.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of EVENTS.md with their wire names. */
public enum EventType {
    VISITOR_ONLINE("visitor.online"),
    VISITOR_OFFLINE("visitor.offline"),
    CONVERSATION_STARTED("conversation.started"),
    CONVERSATION_QUEUED("conversation.queued"),
    CONVERSATION_ASSIGNED("conversation.assigned"),
    CONVERSATION_TRANSFERRED("conversation.transferred"),
    MESSAGE_CREATED("message.created"),
    CONVERSATION_RATED("conversation.rated"),
    CONVERSATION_CLOSED("conversation.closed"),
    CONVERSATION_ABANDONED("conversation.abandoned"),
    AGENT_STATUS("agent.status"),
    CONVERSATION_TAGGED("conversation.tagged");

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isVisitorEvent() {
        return this == VISITOR_ONLINE || this == VISITOR_OFFLINE;
    }

    public boolean isConversationEvent() {
        return wireName.startsWith("conversation.");
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
