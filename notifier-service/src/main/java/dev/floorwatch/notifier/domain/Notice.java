package dev.floorwatch.notifier.domain;

import java.util.List;

/**
 * One message to one receiver, as the templates see it: a title, a tone (the card colour) and a
 * line per alert, in the receiver's language. {@link #first(int)} keeps the first {@code k} lines
 * and counts the rest, for messages cut to a vendor's size.
 */
public record Notice(String title, Tone tone, List<Line> lines, int more) {

    /** Critical firing: red; warning firing: orange; all resolved: green (Feishu card header templates). */
    public enum Tone {
        CRITICAL("red", "#d93026"), WARNING("orange", "#e37318"), RESOLVED("green", "#2ba471");

        public final String feishuTemplate;
        public final String colour;

        Tone(String feishuTemplate, String colour) {
            this.feishuTemplate = feishuTemplate;
            this.colour = colour;
        }
    }

    /** An alert as shown; empty strings are left out by the templates. */
    public record Line(int index, String label, String name, String stateText, String valueText, String scope, String since,
            String lasted, String conversation, String matched, String runbook, String link) {
    }

    public Notice first(int k) {
        int kept = Math.min(k, lines.size());
        return new Notice(title, tone, lines.subList(0, kept), more + lines.size() - kept);
    }

    public String colour() {
        return tone.colour;
    }
}
