package dev.floorwatch.notifier.domain;

import java.time.Instant;
import java.util.List;

/** A notification on the wallboard (receiver type {@code inapp}): the notice as text, with the alerts it is about. */
public record InAppNotification(String receiver, Instant at, String title, String tone, String text, List<String> alertKeys) {
}
