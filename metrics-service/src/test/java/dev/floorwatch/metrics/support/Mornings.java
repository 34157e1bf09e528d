package dev.floorwatch.metrics.support;

/** The scripted morning of the aggregation tests, shared with the integration tests. */
public final class Mornings {

    private Mornings() {
    }

    /** Up to 09:02: agents log in, visitors arrive on four channels, three conversations queue, a bot hands off. */
    public static FloorScript firstMinutes() {
        return new FloorScript("2026-11-26")
                .agent("09:00:00", "alice", "online", 3, "presales")
                .agent("09:00:00", "bob", "online", 2, "presales", "aftersales")
                .agent("09:00:00", "carol", "online", 5, "aftersales")
                .agent("09:00:00", "dave", "away", null, "aftersales")
                .visitorOnline("09:00:10", "v1", "web", null)
                .visitorOnline("09:00:10", "v2", "web", "vip")
                .visitorOnline("09:00:10", "v3", "h5", null)
                .visitorOnline("09:00:10", "v4", "wechat_oa", null)
                .visitorOnline("09:00:10", "v5", "landing", null)
                .started("09:01:00", "c1", "web", "v1", null)
                .queued("09:01:05", "c1", "web", "presales")
                .started("09:01:10", "c2", "web", "v2", "vip")
                .queued("09:01:15", "c2", "web", "presales")
                .started("09:01:20", "c3", "wechat_oa", "v4", null)
                .message("09:01:21", "c3", "visitor", null, "你好,我的订单还没到")
                .message("09:01:22", "c3", "bot", null, "请提供订单号")
                .transferred("09:01:40", "c3", "wechat_oa", "bot", "queue", null, "aftersales")
                .visitorOnline("09:01:50", "v1", "web", null)
                .visitorOnline("09:01:50", "v2", "web", "vip")
                .visitorOnline("09:01:50", "v3", "h5", null)
                .visitorOnline("09:01:50", "v4", "wechat_oa", null)
                .visitorOnline("09:01:50", "v5", "landing", null);
    }

    /** 09:02 to 09:05: assignments, a first response, a transfer that keeps the wait, a silent agent, an abandon, a bad rating. */
    public static FloorScript wholeMorning() {
        return firstMinutes()
                .assigned("09:02:10", "c1", "web", "alice", "presales")
                .message("09:02:12", "c1", "visitor", null, "我想问下价格")
                .transferred("09:02:30", "c2", "web", "group", "queue", null, "aftersales")
                .message("09:02:40", "c1", "agent", "alice", "您好,这款是 199 元")
                .assigned("09:03:00", "c3", "wechat_oa", "bob", "aftersales")
                .message("09:03:05", "c3", "visitor", null, "还在吗?")
                .started("09:03:10", "c4", "h5", "v3", null)
                .queued("09:03:12", "c4", "h5", "aftersales")
                .abandoned("09:03:50", "c4", "h5")
                .visitorOffline("09:03:55", "v3", "h5")
                .started("09:04:00", "c5", "landing", "v5", null)
                .queued("09:04:01", "c5", "landing", "presales")
                .assigned("09:04:05", "c5", "landing", "alice", "presales")
                .message("09:04:06", "c5", "visitor", null, "活动价还有吗")
                .message("09:04:16", "c5", "agent", "alice", "有的")
                .rated("09:04:30", "c5", "landing", 1)
                .closed("09:04:40", "c5", "landing")
                .visitorOnline("09:04:50", "v1", "web", null)
                .visitorOnline("09:04:50", "v2", "web", "vip")
                .visitorOnline("09:04:50", "v4", "wechat_oa", null);
    }
}
