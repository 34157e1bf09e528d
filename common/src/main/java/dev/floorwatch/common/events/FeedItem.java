package dev.floorwatch.common.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something for a tenant's open wallboards besides the overview, on the Redis channel
 * {@link #CHANNEL} so every metrics-service replica can push it to its SSE watchers: an alert
 * transition ({@code kind = "alert"}, published by metrics-service when it reads one) or an in-app
 * notification ({@code kind = "notification"}, published by notifier-service). Best effort: a
 * wallboard that was offline reads the lists (alerts, notifications) when it reconnects.
 */
public record FeedItem(String tenant, String kind, JsonNode data) {

    public static final String CHANNEL = "fw:feed";
}
