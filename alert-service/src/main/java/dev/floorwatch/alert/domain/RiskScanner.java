package dev.floorwatch.alert.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All of a tenant's risk rules compiled into one keyword automaton: each message is scanned once,
 * whatever the number of rules and keywords, and every rule whose words (or patterns) occur, for
 * that sender, reports a hit with the words it matched.
 */
public final class RiskScanner {

    /** A rule that matched a message, with the words (or pattern matches) that made it match. */
    public record Hit(Rule rule, List<String> matched) {
    }

    private final KeywordMatcher matcher;
    private final Map<String, List<Rule>> rulesByKeyword = new HashMap<>();
    private final List<Rule> rules;

    public RiskScanner(List<Rule> riskRules) {
        this.rules = riskRules.stream().filter(r -> r.kind() == Rule.Kind.RISK && r.enabled()).toList();
        Set<String> keywords = new LinkedHashSet<>();
        for (Rule rule : rules) {
            for (String keyword : rule.risk().keywords()) {
                keywords.add(keyword);
                rulesByKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(rule);
            }
        }
        this.matcher = new KeywordMatcher(keywords);
    }

    public List<Hit> scan(String sender, String text) {
        Map<Rule, Set<String>> matched = new HashMap<>();
        for (String keyword : matcher.find(text)) {
            for (Rule rule : rulesByKeyword.get(keyword)) {
                if (rule.risk().senders().contains(sender)) {
                    matched.computeIfAbsent(rule, r -> new LinkedHashSet<>()).add(keyword);
                }
            }
        }
        String folded = null;
        for (Rule rule : rules) {
            if (rule.risk().patterns().isEmpty() || !rule.risk().senders().contains(sender)) {
                continue;
            }
            if (folded == null) {
                folded = KeywordMatcher.normalize(text);
            }
            for (Pattern pattern : rule.risk().patterns()) {
                Matcher m = pattern.matcher(folded);
                if (m.find()) {
                    matched.computeIfAbsent(rule, r -> new LinkedHashSet<>()).add(m.group());
                }
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : rules) {
            Set<String> words = matched.get(rule);
            if (words != null) {
                hits.add(new Hit(rule, List.copyOf(words)));
            }
        }
        return hits;
    }
}
