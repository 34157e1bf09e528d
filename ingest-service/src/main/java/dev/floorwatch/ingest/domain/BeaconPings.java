package dev.floorwatch.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.common.http.FieldError;
import dev.floorwatch.common.http.ProblemException;

/**
 * The web presence beacon's pings ({@code /beacon.js} sends them with {@code navigator.sendBeacon}):
 * {@code {"key", "visitor", "event": "online"|"offline", "channel"?, "page"?, "source"?, "tier"?}}
 * and the {@code visitor.online}/{@code visitor.offline} envelopes they become.
 */
public final class BeaconPings {

    /** How often the script repeats {@code online} while the page is visible (EVENTS.md: every ≤ 60 s). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Sustained pings per visitor: one per 10 s leaves room for tab switches around the heartbeat. */
    public static final double VISITOR_PINGS_PER_SECOND = 0.1;
    public static final double VISITOR_BURST = 6;

    private static final Pattern VISITOR = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Set<String> TIERS = Set.of("vip", "high", "normal");
    private static final Set<String> FIELDS = Set.of("key", "visitor", "event", "channel", "page", "source", "tier");

    public record Ping(String siteKey, String visitorId, String event, String channel, String page, String source,
            String tier) {
    }

    private BeaconPings() {
    }

    public static Ping parse(JsonNode body) {
        if (!body.isObject()) {
            throw ProblemException.invalid(List.of(FieldError.of("$", "must be an object " + FIELDS)));
        }
        List<FieldError> errors = new ArrayList<>();
        BodyFields.unknownFields(body, FIELDS, errors, "");
        String key = text(body, "key", 128, true, errors);
        String visitor = text(body, "visitor", 64, true, errors);
        if (visitor != null && !VISITOR.matcher(visitor).matches()) {
            errors.add(FieldError.of("visitor", "must be 8 to 64 of A-Z a-z 0-9 _ -"));
        }
        String event = text(body, "event", 16, true, errors);
        if (event != null && !event.equals("online") && !event.equals("offline")) {
            errors.add(FieldError.of("event", "must be online or offline"));
        }
        String channel = text(body, "channel", 32, false, errors);
        if (channel != null && !CHANNEL.matcher(channel).matches()) {
            errors.add(FieldError.of("channel", "must match [a-z0-9_-]{1,32}"));
        }
        String page = text(body, "page", 512, false, errors);
        String source = text(body, "source", 128, false, errors);
        String tier = text(body, "tier", 16, false, errors);
        if (tier != null && !TIERS.contains(tier)) {
            errors.add(FieldError.of("tier", "must be one of " + TIERS));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Ping(key, visitor, event, channel == null ? "web" : channel, page, source, tier);
    }

    public static ObjectNode envelope(Ping ping, Instant receivedAt) {
        ObjectNode event = JsonNodeFactory.instance.objectNode()
                .put("id", "bk-" + ping.visitorId() + "-" + ping.event() + "-" + receivedAt.toEpochMilli())
                .put("type", "visitor." + ping.event())
                .put("occurredAt", receivedAt.toString())
                .put("channel", ping.channel())
                .put("visitorId", "bk-" + ping.visitorId());
        ObjectNode data = event.putObject("data");
        if (ping.page() != null) {
            data.put("page", ping.page());
        }
        if (ping.source() != null) {
            data.put("source", ping.source());
        }
        if (ping.tier() != null) {
            data.put("valueTier", ping.tier());
        }
        return event;
    }

    private static String text(JsonNode body, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > max) {
            errors.add(FieldError.of(field, "must be a string of 1 to " + max + " characters"));
            return null;
        }
        return value.asText();
    }
}
