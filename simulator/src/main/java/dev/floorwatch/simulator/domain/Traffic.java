package dev.floorwatch.simulator.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates a scenario's events as a discrete-event simulation: visitors arrive per channel
 * (Poisson, diurnal curve, surges) and keep a heartbeat while on the page; some start a
 * conversation, which a bot answers first and hands off a share of; handed-off conversations
 * queue per skill group and go to the least-loaded agent on shift with free capacity, or are
 * abandoned when the visitor's patience runs out; agents answer, visitors write back (sometimes
 * repeating a question, complaining or disputing a refund), rate and the conversation closes.
 * Deterministic for a seed: the same scenario gives the same events, ids included.
 */
public final class Traffic {

    /** One event at {@code atMillis} of simulated time; the envelope has no {@code occurredAt} yet. */
    public record SimEvent(long atMillis, ObjectNode envelope) {

        /** The envelope as posted: {@code occurredAt} = {@code startMillis} + simulated time / speed. */
        public ObjectNode at(long startMillis, double speed) {
            ObjectNode copy = envelope.deepCopy();
            copy.put("occurredAt", java.time.Instant.ofEpochMilli(startMillis + (long) (atMillis / speed)).toString());
            return copy;
        }
    }

    static final String[] QUESTIONS = { "请问这款有现货吗？", "什么时候发货？", "可以开发票吗？", "优惠券怎么用？", "会员有什么权益？",
            "能便宜一点吗？", "支持七天无理由退换吗？", "尺码怎么选？" };
    static final String[] FOLLOW_UPS = { "好的，谢谢", "那我下单了", "还有别的颜色吗？", "多久能到？" };
    static final String[] ANSWERS = { "您好，有现货的，今天下单明天发出。", "您好，一般 24 小时内发货。", "可以的，下单时填写抬头即可。",
            "您好，结算页勾选优惠券即可抵扣。", "会员享受积分和专属折扣。" };
    static final String[] COMPLAINTS = { "你们再不处理我就要投诉了", "等了这么久没人管，我要投诉", "太差了，我要去 12315 举报" };
    static final String[] REFUNDS = { "我要退款，东西坏了", "申请退款三天了还没到账", "退款为什么被拒绝了？" };
    static final String BOT_GREETING = "您好，我是智能助手，请问有什么可以帮您？";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    private final Scenario scenario;
    private final SplittableRandom random;
    private final PriorityQueue<Step> steps = new PriorityQueue<>(Comparator.comparingLong(Step::at).thenComparingLong(Step::order));
    private final List<SimEvent> out = new ArrayList<>();
    private final Map<String, Deque<Conversation>> queues = new HashMap<>();
    private final List<Agent> agents = new ArrayList<>();
    private long order;
    private int ids;
    private int visitors;
    private int conversations;

    private record Step(long at, long order, Runnable action) {
    }

    private static final class Agent {
        final String id;
        final String group;
        final int max;
        final long from;
        final long to;
        long silentFrom = Long.MAX_VALUE;
        int active;

        Agent(String id, String group, int max, long from, long to) {
            this.id = id;
            this.group = group;
            this.max = max;
            this.from = from;
            this.to = to;
        }
    }

    private static final class Conversation {
        final String id;
        final String visitor;
        final String channel;
        final String group;
        final String tier;
        final String topic;
        boolean queued;
        boolean answered;
        boolean over;
        Agent agent;

        Conversation(String id, String visitor, String channel, String group, String tier, String topic) {
            this.id = id;
            this.visitor = visitor;
            this.channel = channel;
            this.group = group;
            this.tier = tier;
            this.topic = topic;
        }
    }

    private Traffic(Scenario scenario) {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed());
    }

    /** Every event of the scenario's day, in simulated-time order. */
    public static List<SimEvent> generate(Scenario scenario) {
        Traffic traffic = new Traffic(scenario);
        traffic.run();
        return traffic.out;
    }

    private void run() {
        for (Scenario.Shift shift : scenario.shifts()) {
            for (int i = 1; i <= shift.count(); i++) {
                Agent agent = new Agent("a-" + shift.group() + "-" + shift.fromMinute() + "-" + i, shift.group(),
                        shift.maxConcurrency(), shift.fromMinute() * MINUTE, shift.toMinute() * MINUTE);
                agents.add(agent);
                at(agent.from, () -> agentStatus(agent, "online"));
                at(agent.to, () -> agentStatus(agent, "offline"));
            }
        }
        if (scenario.silentAgent() != null) {
            agents.stream().filter(a -> a.group.equals(scenario.silentAgent().group())).findFirst()
                    .ifPresent(a -> a.silentFrom = scenario.silentAgent().atMinute() * MINUTE);
        }
        long end = scenario.hours() * 60L * MINUTE;
        for (int minute = 0; minute < scenario.hours() * 60; minute++) {
            for (Map.Entry<String, Integer> channel : new java.util.TreeMap<>(scenario.visitorsPerHour()).entrySet()) {
                double perMinute = channel.getValue() * scenario.diurnal().get(minute / 60) * surge(channel.getKey(), minute) / 60.0;
                int arrivals = poisson(perMinute);
                for (int i = 0; i < arrivals; i++) {
                    long at = minute * MINUTE + random.nextLong(MINUTE);
                    String name = channel.getKey();
                    at(at, () -> visitorArrives(name));
                }
            }
        }
        while (!steps.isEmpty() && steps.peek().at() <= end) {
            steps.poll().action().run();
        }
    }

    private double surge(String channel, int minute) {
        double factor = 1;
        for (Scenario.Surge surge : scenario.surges() == null ? List.<Scenario.Surge>of() : scenario.surges()) {
            if (surge.channel().equals(channel) && minute >= surge.fromMinute() && minute < surge.toMinute()) {
                factor *= surge.factor();
            }
        }
        return factor;
    }

    private void visitorArrives(String channel) {
        long now = now();
        String visitor = "v" + (++visitors);
        String tier = random.nextDouble() < scenario.vipShare() ? "vip" : "normal";
        long stay = (1 + random.nextLong(8)) * MINUTE;
        for (long beat = 0; beat < stay; beat += 45 * SECOND) {
            long when = now + beat;
            at(when, () -> {
                ObjectNode online = envelope("visitor.online", channel).put("visitorId", visitor);
                online.putObject("data").put("page", "/" + channel + "/item").put("valueTier", tier);
                emit(online);
            });
        }
        at(now + stay, () -> emit(envelope("visitor.offline", channel).put("visitorId", visitor)));
        if (random.nextDouble() < scenario.initiation()) {
            at(now + (5 + random.nextLong(55)) * SECOND, () -> startConversation(visitor, channel, tier));
        }
    }

    private void startConversation(String visitor, String channel, String tier) {
        double roll = random.nextDouble();
        Scenario.Visitors v = scenario.visitors();
        String topic = roll < v.complaint() ? "complaint" : roll < v.complaint() + v.refund() ? "refund" : "question";
        String group = "vip".equals(tier) && hasGroup("vip") ? "vip" : topic.equals("question") ? "presales" : "aftersales";
        Conversation c = new Conversation("c" + (++conversations), visitor, channel, group, tier, topic);
        ObjectNode started = conversationEvent("conversation.started", c);
        started.putObject("data").put("initiator", "visitor").put("valueTier", tier);
        emit(started);
        visitorMessage(c, firstText(topic));
        if (scenario.bot() != null && scenario.bot().answersFirst()) {
            after(2 * SECOND, () -> message(c, "bot", null, BOT_GREETING));
            if (random.nextDouble() < scenario.bot().handoffShare() || !topic.equals("question")) {
                after((20 + random.nextLong(40)) * SECOND, () -> {
                    ObjectNode handoff = conversationEvent("conversation.transferred", c);
                    handoff.putObject("data").put("from", "bot").put("to", "queue");
                    emit(handoff);
                    enqueue(c);
                });
            } else {
                after((60 + random.nextLong(60)) * SECOND, () -> close(c, "bot"));
            }
        } else {
            ObjectNode queued = conversationEvent("conversation.queued", c);
            queued.putObject("data").put("reason", "new");
            emit(queued);
            enqueue(c);
        }
    }

    private void enqueue(Conversation c) {
        c.queued = true;
        queues.computeIfAbsent(c.group, g -> new ArrayDeque<>()).add(c);
        Scenario.Visitors v = scenario.visitors();
        long patience = (v.patienceMinSeconds() + random.nextLong(Math.max(1, v.patienceMaxSeconds() - v.patienceMinSeconds()))) * SECOND;
        after(patience, () -> {
            if (!c.over && !c.answered) {
                c.over = true;
                queues.getOrDefault(c.group, new ArrayDeque<>()).remove(c);
                emit(conversationEvent("conversation.abandoned", c));
                release(c);
            }
        });
        dispatch(c.group);
    }

    /** Gives waiting conversations of {@code group} to the least-loaded agent on shift with room. */
    private void dispatch(String group) {
        Deque<Conversation> queue = queues.getOrDefault(group, new ArrayDeque<>());
        while (!queue.isEmpty()) {
            long now = now();
            Agent agent = agents.stream().filter(a -> a.group.equals(group) && a.from <= now && now < a.to && a.active < a.max)
                    .min(Comparator.comparingInt((Agent a) -> a.active).thenComparing(a -> a.id)).orElse(null);
            if (agent == null) {
                return;
            }
            Conversation c = queue.poll();
            c.queued = false;
            c.agent = agent;
            agent.active++;
            emit(conversationEvent("conversation.assigned", c).put("agentId", agent.id));
            if (now >= agent.silentFrom) {
                continue; // the silent agent holds it and never answers; the visitor gives up (patience)
            }
            int turns = 1 + random.nextInt(3);
            long at = (10 + random.nextLong(60)) * SECOND;
            for (int turn = 0; turn < turns; turn++) {
                boolean last = turn == turns - 1;
                after(at, () -> {
                    if (!c.over) {
                        c.answered = true;
                        message(c, "agent", agent.id, ANSWERS[random.nextInt(ANSWERS.length)]);
                    }
                });
                at += (15 + random.nextLong(45)) * SECOND;
                if (!last) {
                    boolean repeat = random.nextDouble() < scenario.visitors().repeatQuestion();
                    after(at, () -> {
                        if (!c.over) {
                            visitorMessage(c, repeat ? firstText(c.topic) : FOLLOW_UPS[random.nextInt(FOLLOW_UPS.length)]);
                        }
                    });
                    at += (20 + random.nextLong(40)) * SECOND;
                }
            }
            after(at, () -> {
                if (!c.over && random.nextDouble() < scenario.ratingShare()) {
                    ObjectNode rated = conversationEvent("conversation.rated", c);
                    rated.putObject("data").put("score", score(c));
                    emit(rated);
                }
            });
            after(at + 5 * SECOND, () -> close(c, "agent"));
        }
    }

    private void close(Conversation c, String by) {
        if (c.over) {
            return;
        }
        c.over = true;
        ObjectNode closed = conversationEvent("conversation.closed", c);
        closed.putObject("data").put("resolved", true).put("closedBy", by);
        emit(closed);
        release(c);
    }

    private void release(Conversation c) {
        if (c.agent != null) {
            c.agent.active--;
            dispatch(c.group);
        }
    }

    private int score(Conversation c) {
        if (!c.topic.equals("question")) {
            return 1 + random.nextInt(2); // complaints and refund disputes rate low
        }
        double roll = random.nextDouble();
        double sum = 0;
        for (int score = 1; score <= 5; score++) {
            sum += scenario.ratings().get(score - 1);
            if (roll < sum) {
                return score;
            }
        }
        return 5;
    }

    private String firstText(String topic) {
        return switch (topic) {
            case "complaint" -> COMPLAINTS[random.nextInt(COMPLAINTS.length)];
            case "refund" -> REFUNDS[random.nextInt(REFUNDS.length)];
            default -> QUESTIONS[random.nextInt(QUESTIONS.length)];
        };
    }

    private boolean hasGroup(String group) {
        return scenario.shifts().stream().anyMatch(s -> s.group().equals(group));
    }

    private void visitorMessage(Conversation c, String text) {
        message(c, "visitor", null, text);
    }

    private void message(Conversation c, String sender, String agent, String text) {
        ObjectNode message = conversationEvent("message.created", c);
        if (agent != null) {
            message.put("agentId", agent);
        }
        message.putObject("data").put("sender", sender).put("text", text);
        emit(message);
    }

    private void agentStatus(Agent agent, String status) {
        ObjectNode event = envelope("agent.status", null).put("agentId", agent.id);
        ObjectNode data = event.putObject("data").put("status", status).put("maxConcurrency", agent.max);
        data.putArray("skillGroups").add(agent.group);
        emit(event);
        if (status.equals("online")) {
            dispatch(agent.group);
        }
    }

    private ObjectNode conversationEvent(String type, Conversation c) {
        return envelope(type, c.channel).put("conversationId", c.id).put("visitorId", c.visitor).put("skillGroup", c.group);
    }

    private ObjectNode envelope(String type, String channel) {
        ObjectNode event = JSON.objectNode().put("id", "sim-" + scenario.seed() + "-" + (++ids)).put("type", type);
        if (channel != null) {
            event.put("channel", channel);
        }
        return event;
    }

    private void emit(ObjectNode envelope) {
        out.add(new SimEvent(now(), envelope));
    }

    private long current;

    private long now() {
        return current;
    }

    private void at(long when, Runnable action) {
        steps.add(new Step(when, ++order, () -> {
            current = when;
            action.run();
        }));
    }

    private void after(long delay, Runnable action) {
        at(now() + delay, action);
    }

    /** Knuth's method; rates here are small (a few per minute). */
    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
