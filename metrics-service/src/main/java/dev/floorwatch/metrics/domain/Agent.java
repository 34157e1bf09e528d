package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An agent's latest status, concurrency and skill groups. */
public final class Agent {

    final String id;
    String status;
    Long statusAt;
    Integer maxConcurrency;
    List<String> groups = List.of();

    public Agent(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String status() {
        return status;
    }

    public Integer maxConcurrency() {
        return maxConcurrency;
    }

    public List<String> groups() {
        return groups;
    }

    /** {@code online} and {@code busy} agents are online (METRICS.md). */
    public boolean isOnline() {
        return "online".equals(status) || "busy".equals(status);
    }

    public Map<String, String> toHash() {
        Map<String, String> f = new LinkedHashMap<>();
        Fields.put(f, "status", status);
        Fields.put(f, "statusAt", statusAt);
        Fields.put(f, "maxConcurrency", maxConcurrency);
        if (!groups.isEmpty()) {
            f.put("groups", String.join("\u001f", groups));
        }
        return f;
    }

    public static Agent fromHash(String id, Map<String, String> f) {
        Agent a = new Agent(id);
        a.status = f.get("status");
        a.statusAt = Fields.time(f, "statusAt");
        a.maxConcurrency = Fields.integer(f, "maxConcurrency");
        String groups = f.get("groups");
        a.groups = groups == null || groups.isEmpty() ? List.of() : List.of(groups.split("\u001f"));
        return a;
    }

    /** The agent after an {@code agent.status} at {@code at}; an older status does not win. */
    public Agent apply(long at, String newStatus, Integer newMaxConcurrency, List<String> newGroups) {
        Agent a = copy();
        if (a.statusAt != null && at < a.statusAt) {
            return a;
        }
        a.status = newStatus;
        a.statusAt = at;
        if (newMaxConcurrency != null) {
            a.maxConcurrency = newMaxConcurrency;
        }
        if (newGroups != null) {
            a.groups = List.copyOf(newGroups);
        }
        return a;
    }

    public Agent copy() {
        Agent a = new Agent(id);
        a.status = status;
        a.statusAt = statusAt;
        a.maxConcurrency = maxConcurrency;
        a.groups = groups;
        return a;
    }

    public List<IndexEntry> indexEntries() {
        List<IndexEntry> entries = new ArrayList<>();
        if (status == null) {
            return entries;
        }
        long at = statusAt == null ? 0 : statusAt;
        entries.add(new IndexEntry("ag:all", id, at));
        if (isOnline()) {
            entries.add(new IndexEntry("ag:online", id, at));
            for (String group : groups) {
                entries.add(new IndexEntry("ag:online:grp:" + group, id, at));
            }
        }
        if ("busy".equals(status)) {
            entries.add(new IndexEntry("ag:busy", id, at));
        }
        if ("away".equals(status)) {
            entries.add(new IndexEntry("ag:away", id, at));
        }
        return entries;
    }
}
