package dev.floorwatch.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A visitor's presence: online while its last heartbeat is newer than its last goodbye (and fresh). */
public final class Visitor {

    final String id;
    Long lastOnline;
    Long lastOffline;
    String channel;
    String tier;

    public Visitor(String id) {
        this.id = id;
    }

    boolean isPresent() {
        return lastOnline != null && (lastOffline == null || lastOnline > lastOffline);
    }

    public Map<String, String> toHash() {
        Map<String, String> f = new LinkedHashMap<>();
        Fields.put(f, "lastOnline", lastOnline);
        Fields.put(f, "lastOffline", lastOffline);
        Fields.put(f, "channel", channel);
        Fields.put(f, "tier", tier);
        return f;
    }

    public static Visitor fromHash(String id, Map<String, String> f) {
        Visitor v = new Visitor(id);
        v.lastOnline = Fields.time(f, "lastOnline");
        v.lastOffline = Fields.time(f, "lastOffline");
        v.channel = f.get("channel");
        v.tier = f.get("tier");
        return v;
    }

    /** The presence after a {@code visitor.online} or {@code visitor.offline} at {@code at}. */
    public Visitor apply(boolean online, long at, String channel, String tier) {
        Visitor v = copy();
        if (online) {
            if (v.lastOnline == null || at > v.lastOnline) {
                v.lastOnline = at;
                if (channel != null) {
                    v.channel = channel;
                }
                if (tier != null) {
                    v.tier = tier;
                }
            }
        } else {
            v.lastOffline = Fields.max(v.lastOffline, at);
        }
        return v;
    }

    public Visitor copy() {
        Visitor v = new Visitor(id);
        v.lastOnline = lastOnline;
        v.lastOffline = lastOffline;
        v.channel = channel;
        v.tier = tier;
        return v;
    }

    /** Presence entries; the TTL (visitorTtl) is applied when counting, by score. */
    public List<IndexEntry> indexEntries() {
        List<IndexEntry> entries = new ArrayList<>();
        if (isPresent()) {
            entries.add(new IndexEntry("vis", id, lastOnline));
            if (channel != null) {
                entries.add(new IndexEntry("vis:ch:" + channel, id, lastOnline));
            }
        }
        return entries;
    }
}
