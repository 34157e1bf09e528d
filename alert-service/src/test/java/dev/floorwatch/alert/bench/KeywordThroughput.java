package dev.floorwatch.alert.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.floorwatch.alert.domain.AlertLifecycle;
import dev.floorwatch.alert.domain.RiskScanner;
import dev.floorwatch.alert.domain.Rule;

/**
 * Keyword matching throughput (issue 4's closing note): messages per second through one
 * {@link RiskScanner} with the default complaint and refund words, and with 1,000 keywords.
 * Not a test; run after {@code ./mvnw -pl alert-service -am test-compile}:
 * <pre>java -cp alert-service/target/classes:alert-service/target/test-classes dev.floorwatch.alert.bench.KeywordThroughput</pre>
 */
public final class KeywordThroughput {

    private static final String[] MESSAGES = {
        "你好，请问我的订单什么时候发货？", "在吗？？", "这个产品支持七天无理由退货吗", "我要投诉你们的客服，太慢了！",
        "Hello, I want a refund for order 12345", "质量太差了，我要差评，还要去12315举报", "好的谢谢", "ＲＥＦＵＮＤ please",
        "请问有优惠券吗？活动什么时候结束", "你们是骗子吧，钱扣了东西没到"};

    private KeywordThroughput() {
    }

    public static void main(String[] args) {
        List<String> defaults = List.of("投诉", "差评", "举报", "12315", "律师", "曝光", "骗子", "complaint", "scam");
        List<String> refund = List.of("退款", "退货", "赔偿", "refund");
        measure("default list (13 keywords, 2 rules)", List.of(rule("complaint", defaults), rule("refund", refund)));
        Random random = new Random(42);
        List<String> many = new ArrayList<>(defaults);
        while (many.size() < 1_000) {
            StringBuilder word = new StringBuilder();
            int length = 2 + random.nextInt(3);
            for (int i = 0; i < length; i++) {
                word.appendCodePoint(0x4E00 + random.nextInt(0x5000));
            }
            many.add(word.toString());
        }
        measure("1,000 keywords", List.of(rule("complaint", many), rule("refund", refund)));
    }

    private static Rule rule(String category, List<String> keywords) {
        return new Rule(category, Rule.Kind.RISK, category, Rule.Severity.WARNING, true, null, null,
                new AlertLifecycle.Timing(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(30)), null,
                new Rule.Risk(category, keywords, List.of(), List.of("visitor")), null, null);
    }

    private static void measure(String label, List<Rule> rules) {
        RiskScanner scanner = new RiskScanner(rules);
        long hits = 0;
        for (int i = 0; i < 2_000_000; i++) { // warm-up
            hits += scanner.scan("visitor", MESSAGES[i % MESSAGES.length]).size();
        }
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            int n = 2_000_000;
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                hits += scanner.scan("visitor", MESSAGES[i % MESSAGES.length]).size();
            }
            rates.add(n / ((System.nanoTime() - started) / 1e9));
        }
        rates.sort(Double::compare);
        System.out.printf("%s: median %.2f M messages/s (5 runs of 2 M, one thread; %d hits)%n", label,
                rates.get(2) / 1e6, hits);
    }
}
