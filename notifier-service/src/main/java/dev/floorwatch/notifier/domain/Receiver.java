package dev.floorwatch.notifier.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A tenant's receiver (NOTIFY.md "Receivers"). {@code webhookUrl} and {@code secret} are secrets:
 * stored as written, never returned unmasked ({@link #masked()}). Fields of other receiver types
 * are null or empty, so a read shows only what applies.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Receiver(String id, ReceiverType type, String name, Language language, String webhookUrl, String secret,
        Boolean mentionAll, List<String> atMobiles, Boolean atAll, List<String> mentionedList,
        List<String> mentionedMobileList, List<String> to, List<String> cc) {

    /** Lists are never null (reads leave empty ones out of the JSON). */
    public Receiver {
        atMobiles = atMobiles == null ? List.of() : atMobiles;
        mentionedList = mentionedList == null ? List.of() : mentionedList;
        mentionedMobileList = mentionedMobileList == null ? List.of() : mentionedMobileList;
        to = to == null ? List.of() : to;
        cc = cc == null ? List.of() : cc;
        language = language == null ? Language.ZH : language;
    }

    public enum Language {
        ZH, EN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What reads show of a secret: whether one is set, never its value. */
    public static final String MASK = "****";

    public Receiver masked() {
        return new Receiver(id, type, name, language, webhookUrl == null ? null : maskUrl(webhookUrl),
                secret == null ? null : MASK, mentionAll, atMobiles, atAll, mentionedList, mentionedMobileList, to, cc);
    }

    /** The scheme and host stay visible (which vendor, which region); path and query carry the token. */
    static String maskUrl(String url) {
        int scheme = url.indexOf("://");
        int path = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        return (path < 0 ? url : url.substring(0, path)) + "/" + MASK;
    }
}
