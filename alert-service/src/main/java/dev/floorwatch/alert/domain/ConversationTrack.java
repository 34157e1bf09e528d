package dev.floorwatch.alert.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.events.EventEnvelope;

/**
 * What alert-service remembers of one open conversation for the {@code conversation} rules of
 * ALERTS.md: the visitor's tier, whether it waits in the queue (and since when), whether an agent
 * holds it with the visitor unanswered (and since when), turns, bot↔human switches and how often
 * each visitor question was asked. Times are event times; like metrics-service, a late event only
 * moves a "since" back when no later answer covers it, so reordering gives the same state.
 */
public record ConversationTrack(String tier, String channel, String skillGroup, String state, Long stateAt, Long waitSince,
        Long unansweredSince, Long lastAgentMessageAt, int turns, String lastSide, String lastResponder, int switches,
        Map<String, Integer> questions) {

    // questions keeps insertion order (Jackson reads JSON objects into a LinkedHashMap): the oldest is forgotten first.

    /** Distinct questions remembered per conversation; the oldest are forgotten first. */
    static final int MAX_QUESTIONS = 50;

    public static ConversationTrack empty() {
        return new ConversationTrack(null, null, null, null, null, null, null, null, 0, null, null, 0, Map.of());
    }

    /** What is left of a conversation that ended: late events do not bring it back. */
    public static ConversationTrack tombstone() {
        return new ConversationTrack(null, null, null, "ended", null, null, null, null, 0, null, null, 0, Map.of());
    }

    @JsonIgnore
    public boolean isEnded() {
        return "ended".equals(state);
    }

    public boolean queued() {
        return "queued".equals(state);
    }

    public boolean assigned() {
        return "assigned".equals(state);
    }

    /** The state after {@code event} (a conversation event; others leave it as it is). */
    public ConversationTrack apply(EventEnvelope event) {
        long at = event.occurredAt().toEpochMilli();
        JsonNode data = event.data();
        Builder b = new Builder(this);
        if (b.channel == null) {
            b.channel = event.channel();
        }
        switch (event.type()) {
            case "conversation.started" -> {
                if (b.tier == null && data.hasNonNull("valueTier")) {
                    b.tier = data.get("valueTier").asText();
                }
                if (b.skillGroup == null) {
                    b.skillGroup = event.skillGroup();
                }
            }
            case "conversation.queued" -> b.queue(at, event.skillGroup());
            case "conversation.assigned" -> b.assign(at, event.skillGroup());
            case "conversation.transferred" -> {
                if ("agent".equals(data.path("to").asText()) && event.agentId() != null) {
                    b.assign(at, event.skillGroup());
                } else if ("bot".equals(data.path("to").asText())) {
                    b.responder("bot");
                } else {
                    b.queue(at, event.skillGroup());
                }
            }
            case "message.created" -> b.message(at, data.path("sender").asText(), data.path("text").asText(""));
            default -> {
                // Ratings, tags and the end of a conversation change nothing tracked here.
            }
        }
        return b.build();
    }

    /**
     * Whether the conversation shows {@code signal} at {@code now}: the observed value (count,
     * turns, switches or seconds) when it reaches the rule's threshold, empty otherwise.
     */
    public Optional<Long> shows(Rule.ConversationSignal signal, Instant now) {
        long value = switch (signal.signal()) {
            case "repeatedQuestion" -> questions.values().stream().mapToLong(Integer::longValue).max().orElse(0);
            case "longConversation" -> turns;
            case "botPingPong" -> switches;
            case "highValueWaiting" -> queued() && waitSince != null && ("vip".equals(tier) || "high".equals(tier))
                    ? (now.toEpochMilli() - waitSince) / 1000 : -1;
            case "silentAgent" -> assigned() && unansweredSince != null ? (now.toEpochMilli() - unansweredSince) / 1000 : -1;
            default -> -1;
        };
        return value >= signal.threshold() ? Optional.of(value) : Optional.empty();
    }

    /** The most repeated question (normalised), for the alert's {@code matched}. */
    public Optional<String> mostRepeatedQuestion() {
        return questions.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** The time-driven signals wait on these clocks: {@code wait} for valued visitors, {@code unanswered}. */
    public Long highValueWaitSince() {
        return queued() && ("vip".equals(tier) || "high".equals(tier)) ? waitSince : null;
    }

    public Long silentSince() {
        return assigned() ? unansweredSince : null;
    }

    private static final class Builder {
        String tier;
        String channel;
        String skillGroup;
        String state;
        Long stateAt;
        Long waitSince;
        Long unansweredSince;
        Long lastAgentMessageAt;
        int turns;
        String lastSide;
        String lastResponder;
        int switches;
        LinkedHashMap<String, Integer> questions;

        Builder(ConversationTrack t) {
            tier = t.tier;
            channel = t.channel;
            skillGroup = t.skillGroup;
            state = t.state;
            stateAt = t.stateAt;
            waitSince = t.waitSince;
            unansweredSince = t.unansweredSince;
            lastAgentMessageAt = t.lastAgentMessageAt;
            turns = t.turns;
            lastSide = t.lastSide;
            lastResponder = t.lastResponder;
            switches = t.switches;
            questions = new LinkedHashMap<>(t.questions == null ? Map.of() : t.questions);
        }

        /** A state change only moves forward in event time. */
        boolean moves(long at) {
            return stateAt == null || at >= stateAt;
        }

        void queue(long at, String group) {
            if (group != null) {
                skillGroup = group;
            }
            // A transfer does not reset the customer's wait; an answer after this event does end it.
            boolean answeredSince = lastAgentMessageAt != null && lastAgentMessageAt >= at;
            if (!answeredSince) {
                waitSince = waitSince == null ? at : Math.min(waitSince, at);
            }
            if (moves(at)) {
                state = "queued";
                stateAt = at;
            }
        }

        void assign(long at, String group) {
            if (group != null) {
                skillGroup = group;
            }
            if (moves(at)) {
                state = "assigned";
                stateAt = at;
            }
        }

        void responder(String kind) {
            if (lastResponder != null && !lastResponder.equals(kind)) {
                switches++;
            }
            lastResponder = kind;
        }

        void message(long at, String sender, String text) {
            String side = switch (sender) {
                case "visitor" -> "visitor";
                case "agent", "bot" -> "responder";
                default -> null;
            };
            if (side != null && !side.equals(lastSide)) {
                turns++;
                lastSide = side;
            }
            switch (sender) {
                case "visitor" -> {
                    boolean answered = lastAgentMessageAt != null && at <= lastAgentMessageAt;
                    if (!answered) {
                        unansweredSince = unansweredSince == null ? at : Math.min(unansweredSince, at);
                    }
                    String question = QuestionFingerprint.of(text);
                    if (!question.isEmpty()) {
                        questions.merge(question, 1, Integer::sum);
                        if (questions.size() > MAX_QUESTIONS) {
                            questions.remove(questions.keySet().iterator().next());
                        }
                    }
                }
                case "agent" -> {
                    responder("agent");
                    lastAgentMessageAt = lastAgentMessageAt == null ? at : Math.max(lastAgentMessageAt, at);
                    if (unansweredSince != null && unansweredSince <= at) {
                        unansweredSince = null;
                    }
                    if (waitSince != null && waitSince <= at) {
                        waitSince = null;
                    }
                }
                case "bot" -> responder("bot");
                default -> {
                    // System messages are neither a question nor an answer.
                }
            }
        }

        ConversationTrack build() {
            return new ConversationTrack(tier, channel, skillGroup, state, stateAt, waitSince, unansweredSince,
                    lastAgentMessageAt, turns, lastSide, lastResponder, switches, Collections.unmodifiableMap(questions));
        }
    }
}
