package dev.floorwatch.simulator.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A simulated customer-service day, read from YAML (the shipped ones are in
 * {@code src/main/resources/scenarios/}). Rates are per hour at the diurnal peak; minutes count
 * from the start of the simulated day.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(String name, String description, long seed, int hours, Map<String, Integer> visitorsPerHour,
        List<Double> diurnal, double initiation, double vipShare, Bot bot, List<Surge> surges, List<Shift> shifts,
        SilentAgent silentAgent, Visitors visitors, List<Double> ratings, double ratingShare) {

    /** A bot answers first; {@code handoffShare} of its conversations go to a person. */
    public record Bot(boolean answersFirst, double handoffShare) {
    }

    /** Arrivals on {@code channel} multiplied by {@code factor} between the two minutes. */
    public record Surge(String channel, int fromMinute, int toMinute, double factor) {
    }

    /** {@code count} agents of {@code group} online between the two minutes. */
    public record Shift(String group, int count, int maxConcurrency, int fromMinute, int toMinute) {
    }

    /** From {@code atMinute} on, the first agent of {@code group} takes conversations and never answers. */
    public record SilentAgent(String group, int atMinute) {
    }

    /** Shares of conversations whose visitor repeats a question, complains, disputes a refund; patience in seconds. */
    public record Visitors(double repeatQuestion, double complaint, double refund, int patienceMinSeconds,
            int patienceMaxSeconds) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Scenario read(InputStream yaml) {
        try {
            return YAML.readValue(yaml, Scenario.class).validated();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One of the shipped scenarios: normal-day, campaign-surge, staffing-gap, complaint-storm. */
    public static Scenario shipped(String name) {
        InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + name + ".yaml");
        if (in == null) {
            throw new IllegalArgumentException("no scenario " + name
                    + "; shipped: normal-day, campaign-surge, staffing-gap, complaint-storm");
        }
        try (in) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, hours, visitorsPerHour, diurnal, initiation, vipShare, bot, surges,
                shifts, silentAgent, visitors, ratings, ratingShare);
    }

    public Scenario withoutSurges() {
        return new Scenario(name, description, seed, hours, visitorsPerHour, diurnal, initiation, vipShare, bot, List.of(),
                shifts, silentAgent, visitors, ratings, ratingShare);
    }

    private Scenario validated() {
        if (hours < 1 || diurnal == null || diurnal.size() < hours) {
            throw new IllegalArgumentException(name + ": diurnal needs one multiplier per hour (" + hours + ")");
        }
        if (ratings == null || ratings.size() != 5) {
            throw new IllegalArgumentException(name + ": ratings are the shares of scores 1 to 5");
        }
        if (shifts == null || shifts.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one shift");
        }
        return this;
    }
}
