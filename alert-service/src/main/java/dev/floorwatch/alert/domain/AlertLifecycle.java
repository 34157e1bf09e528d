package dev.floorwatch.alert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of one alert key (ALERTS.md): inactive → pending → firing → resolved, with
 * {@code for} before firing, {@code keepFiringFor} after the condition clears (anti-flapping) and
 * reminders every repeat interval until acknowledged. Pure: the caller stores {@link State} and
 * publishes the {@link Transition}s.
 */
public final class AlertLifecycle {

    public enum Phase { PENDING, FIRING }

    /** What is remembered of an open alert (pending or firing). */
    public record State(Phase phase, Instant activeSince, Instant startsAt, Instant clearedSince, double value,
            Instant lastPublishedAt, String acknowledgedBy, Instant acknowledgedAt, String note) {

        public boolean isAcknowledged() {
            return acknowledgedBy != null;
        }

        State with(Phase newPhase, Instant newStartsAt, Instant newClearedSince, double newValue, Instant published) {
            return new State(newPhase, activeSince, newStartsAt, newClearedSince, newValue, published, acknowledgedBy,
                    acknowledgedAt, note);
        }

        public State acknowledged(String by, String ackNote, Instant at) {
            return new State(phase, activeSince, startsAt, clearedSince, value, lastPublishedAt, by, at, ackNote);
        }
    }

    public enum Kind { FIRING, REMINDER, RESOLVED }

    public record Transition(Kind kind, Instant at, double value, Instant startsAt, Instant endsAt) {
    }

    /** The rule's timing. */
    public record Timing(Duration forDuration, Duration keepFiringFor, Duration repeatInterval) {
    }

    /** The next state ({@code null}: inactive) and what to publish. */
    public record Step(State next, List<Transition> transitions) {
    }

    private AlertLifecycle() {
    }

    public static Step step(State current, boolean condition, double value, Instant now, Timing timing) {
        List<Transition> out = new ArrayList<>(1);
        if (current == null) {
            if (!condition) {
                return new Step(null, out);
            }
            current = new State(Phase.PENDING, now, null, null, value, null, null, null, null);
        }
        if (current.phase() == Phase.PENDING) {
            if (!condition) {
                return new Step(null, out);
            }
            if (Duration.between(current.activeSince(), now).compareTo(timing.forDuration()) >= 0) {
                out.add(new Transition(Kind.FIRING, now, value, now, null));
                return new Step(current.with(Phase.FIRING, now, null, value, now), out);
            }
            return new Step(current.with(Phase.PENDING, null, null, value, null), out);
        }
        // Firing.
        if (condition) {
            State firing = current.with(Phase.FIRING, current.startsAt(), null, value, current.lastPublishedAt());
            if (!current.isAcknowledged() && current.lastPublishedAt() != null
                    && Duration.between(current.lastPublishedAt(), now).compareTo(timing.repeatInterval()) >= 0) {
                out.add(new Transition(Kind.REMINDER, now, value, current.startsAt(), null));
                firing = firing.with(Phase.FIRING, firing.startsAt(), null, value, now);
            }
            return new Step(firing, out);
        }
        Instant clearedSince = current.clearedSince() != null ? current.clearedSince() : now;
        if (Duration.between(clearedSince, now).compareTo(timing.keepFiringFor()) >= 0) {
            out.add(new Transition(Kind.RESOLVED, now, value, current.startsAt(), now));
            return new Step(null, out);
        }
        return new Step(current.with(Phase.FIRING, current.startsAt(), clearedSince, current.value(), current.lastPublishedAt()), out);
    }
}
