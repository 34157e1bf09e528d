package dev.floorwatch.metrics.domain;

/**
 * A first response time as a member of the tenant's {@code frt} sorted set (scored by the time of
 * the first agent reply), carrying what the overview groups it by: the value, the skill group,
 * the responding agent. One read of the last 30 minutes gives the average, p90 and every
 * per-group and per-agent average.
 */
public record FirstResponse(long millis, String group, String agent, String conversationId) {

    private static final String SEPARATOR = "\u001f";

    static String member(long millis, String group, String agent, String conversationId) {
        return millis + SEPARATOR + nullToEmpty(group) + SEPARATOR + nullToEmpty(agent) + SEPARATOR + conversationId;
    }

    public static FirstResponse parse(String member) {
        String[] parts = member.split(SEPARATOR, 4);
        return new FirstResponse(Long.parseLong(parts[0]), emptyToNull(parts[1]), emptyToNull(parts[2]), parts[3]);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
