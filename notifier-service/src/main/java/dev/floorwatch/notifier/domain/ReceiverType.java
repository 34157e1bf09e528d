package dev.floorwatch.notifier.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** The receiver kinds of NOTIFY.md, with each vendor's limits. */
public enum ReceiverType {
    EMAIL(0, 0, Integer.MAX_VALUE),
    FEISHU(100, 5, 20_000),
    DINGTALK(20, 0, 20_000),
    WECOM(20, 0, 4_096),
    INAPP(0, 0, Integer.MAX_VALUE);

    /** Messages per minute (0: no vendor limit). */
    public final int perMinute;
    /** Messages per second (0: no separate limit). */
    public final int perSecond;
    /** Largest message content, in UTF-8 bytes. */
    public final int maxBytes;

    ReceiverType(int perMinute, int perSecond, int maxBytes) {
        this.perMinute = perMinute;
        this.perSecond = perSecond;
        this.maxBytes = maxBytes;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isWebhook() {
        return this == FEISHU || this == DINGTALK || this == WECOM;
    }

    public static Optional<ReceiverType> fromWireName(String name) {
        for (ReceiverType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
