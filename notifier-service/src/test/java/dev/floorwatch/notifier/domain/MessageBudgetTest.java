package dev.floorwatch.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

class MessageBudgetTest {

    /** A list of {@code total} Chinese alert lines (each 3 bytes per character in UTF-8). */
    private static IntFunction<String> lines(int total) {
        return k -> {
            StringBuilder text = new StringBuilder("告警汇总\n");
            for (int i = 0; i < k; i++) {
                text.append("- 排队人数过多 ").append(i).append('\n');
            }
            if (k < total) {
                text.append("…另有 ").append(total - k).append(" 条");
            }
            return text.toString();
        };
    }

    @Test
    void whatFitsIsSentWhole() {
        assertEquals(lines(3).apply(3), MessageBudget.fit(3, lines(3), 4096));
    }

    @Test
    void tooManyAlertsKeepAsManyAsFitAndCountTheRest() {
        String text = MessageBudget.fit(500, lines(500), 4096);
        assertTrue(MessageBudget.bytes(text) <= 4096, "fits: " + MessageBudget.bytes(text));
        assertTrue(text.matches("(?s).*…另有 \\d+ 条$"), text.substring(text.length() - 20));
        int shown = (int) text.lines().filter(l -> l.startsWith("- ")).count();
        assertEquals(500 - shown, Integer.parseInt(text.replaceAll("(?s).*…另有 (\\d+) 条$", "$1")));
        // One more alert would not have fitted.
        assertTrue(MessageBudget.bytes(lines(500).apply(shown + 1)) > 4096);
    }

    @Test
    void truncationNeverSplitsAChineseCharacter() {
        String text = "退款".repeat(100); // 600 bytes
        String cut = MessageBudget.truncate(text, 100);
        assertTrue(MessageBudget.bytes(cut) <= 100);
        assertTrue(cut.endsWith("…"));
        assertEquals(cut.length() - 1, cut.replace("…", "").chars().filter(c -> c == '退' || c == '款').count());
    }

    @Test
    void oneAlertTooLongAloneIsCut() {
        String text = MessageBudget.fit(1, k -> "投诉".repeat(10_000), 2048);
        assertTrue(MessageBudget.bytes(text) <= 2048);
    }
}
