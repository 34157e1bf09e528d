package dev.floorwatch.notifier.domain;

import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Fits a message listing alerts into a vendor's byte limit (UTF-8): as many alerts as fit, the
 * rest summarised by the renderer as "…另有 N 条 / …and N more"; a single alert that alone is too
 * long is cut at a character boundary.
 */
public final class MessageBudget {

    private MessageBudget() {
    }

    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The longest rendering that fits: {@code render.apply(k)} renders the first {@code k} of
     * {@code total} alerts (and mentions the {@code total - k} left out).
     */
    public static String fit(int total, IntFunction<String> render, int maxBytes) {
        String all = render.apply(total);
        if (bytes(all) <= maxBytes) {
            return all;
        }
        // Binary search on the number of alerts shown: rendering grows with k.
        int low = 1;
        int high = total - 1;
        String best = null;
        while (low <= high) {
            int k = (low + high) >>> 1;
            String text = render.apply(k);
            if (bytes(text) <= maxBytes) {
                best = text;
                low = k + 1;
            } else {
                high = k - 1;
            }
        }
        return best != null ? best : truncate(render.apply(Math.min(1, total)), maxBytes);
    }

    /** Cuts {@code text} to at most {@code maxBytes} UTF-8 bytes, never inside a character, ending with "…". */
    public static String truncate(String text, int maxBytes) {
        if (bytes(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - bytes("…");
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int size = bytes(new String(Character.toChars(cp)));
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return kept.append('…').toString();
    }
}
