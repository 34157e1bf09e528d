package dev.floorwatch.ingest.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Agent presence from Chatwoot's agents API ({@code GET /api/v1/accounts/{id}/agents}: an array of
 * {@code {id, name, role, availability_status: online|busy|offline, …}}); Chatwoot sends no presence
 * by webhook. A poll is compared with the previous one and every change becomes an
 * {@code agent.status}; an agent no longer listed went offline.
 */
public final class ChatwootAgents {

    /** The statuses after a poll (agent id → status) and the envelopes of what changed. */
    public record Poll(Map<String, String> statuses, List<ObjectNode> envelopes) {
    }

    private ChatwootAgents() {
    }

    public static Poll changes(JsonNode agents, String account, Map<String, String> known, Instant at) {
        if (!agents.isArray()) {
            throw new IllegalArgumentException("the agents API answered no array");
        }
        Map<String, String> now = new LinkedHashMap<>();
        for (JsonNode agent : agents) {
            JsonNode id = agent.path("id");
            if (!id.canConvertToLong()) {
                continue;
            }
            now.put(id.asText(), status(agent.path("availability_status").asText("")));
        }
        List<ObjectNode> envelopes = new ArrayList<>();
        now.forEach((id, status) -> {
            if (!status.equals(known.get(id))) {
                envelopes.add(envelope(account, id, status, at));
            }
        });
        known.forEach((id, status) -> {
            if (!now.containsKey(id) && !status.equals("offline")) {
                envelopes.add(envelope(account, id, "offline", at));
            }
        });
        return new Poll(Map.copyOf(now), List.copyOf(envelopes));
    }

    private static String status(String availability) {
        return switch (availability) {
            case "online" -> "online";
            case "busy" -> "busy";
            default -> "offline";
        };
    }

    private static ObjectNode envelope(String account, String agent, String status, Instant at) {
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("id", "cw-" + account + "-agent-" + agent + "-" + status + "-" + at.getEpochSecond())
                .put("type", "agent.status").put("occurredAt", at.toString()).put("agentId", agent);
        event.putObject("data").put("status", status);
        return event;
    }
}
