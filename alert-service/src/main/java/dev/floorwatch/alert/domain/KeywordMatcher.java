package dev.floorwatch.alert.domain;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Finds many keywords in one pass over a message (Aho–Corasick), case-insensitively and with
 * full-width and half-width forms folded together (NFKC): 'ＲＥＦＵＮＤ' matches 'refund', '１２３１５'
 * matches '12315'. Overlapping keywords all match ('退款' and '退款申请' in '我要退款申请'). Built
 * once per rule set; {@link #find} is thread-safe.
 */
public final class KeywordMatcher {

    private static final class Node {
        final Map<Integer, Node> next = new HashMap<>();
        Node fail;
        final List<String> outputs = new ArrayList<>(1);
    }

    private final Node root = new Node();
    private final int size;

    public KeywordMatcher(Iterable<String> keywords) {
        int count = 0;
        for (String keyword : keywords) {
            String normal = normalize(keyword);
            if (normal.isEmpty()) {
                continue;
            }
            Node node = root;
            for (int i = 0; i < normal.length();) {
                int cp = normal.codePointAt(i);
                node = node.next.computeIfAbsent(cp, c -> new Node());
                i += Character.charCount(cp);
            }
            node.outputs.add(keyword);
            count++;
        }
        this.size = count;
        link();
    }

    /** Text folded the way keywords are: NFKC (full-width → half-width) and lower case. */
    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    public int size() {
        return size;
    }

    /** The keywords (as configured) found in {@code text}, each once, in order of first appearance. */
    public Set<String> find(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (size == 0 || text == null) {
            return found;
        }
        String normal = normalize(text);
        Node node = root;
        for (int i = 0; i < normal.length();) {
            int cp = normal.codePointAt(i);
            i += Character.charCount(cp);
            while (node != root && !node.next.containsKey(cp)) {
                node = node.fail;
            }
            node = node.next.getOrDefault(cp, root);
            for (Node out = node; out != root; out = out.fail) {
                found.addAll(out.outputs);
            }
        }
        return found;
    }

    private void link() {
        Queue<Node> queue = new ArrayDeque<>();
        for (Node child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            Node node = queue.remove();
            for (Map.Entry<Integer, Node> edge : node.next.entrySet()) {
                Node child = edge.getValue();
                Node fail = node.fail;
                while (fail != root && !fail.next.containsKey(edge.getKey())) {
                    fail = fail.fail;
                }
                Node target = fail.next.get(edge.getKey());
                child.fail = target != null && target != child ? target : root;
                queue.add(child);
            }
        }
    }
}
