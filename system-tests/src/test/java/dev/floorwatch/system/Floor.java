package dev.floorwatch.system;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floorwatch.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Events of a customer-service floor, posted through ingest-service's public API. {@link #livingFloor}
 * is the seeded half hour the screenshot shows: agents in three skill groups, visitors on six
 * channels, conversations started, queued, served, rated and closed, a complaint, a silent agent.
 */
final class Floor {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String tenant;
    final String ingestKey;
    final String adminToken;
    final String viewerToken;
    private final ServiceProcess ingest;
    private int sequence;

    private Floor(ServiceProcess ingest, JsonPath credentials) {
        this.ingest = ingest;
        this.tenant = credentials.getString("id");
        this.ingestKey = credentials.getString("ingestKey");
        this.adminToken = credentials.getString("adminToken");
        this.viewerToken = credentials.getString("viewerToken");
    }

    /** A new tenant (default rules) created with the operator token. */
    static Floor newTenant(ServiceProcess ingest, String name) {
        JsonPath credentials = given().auth().oauth2(ServiceProcess.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": \"wb-" + UUID.randomUUID().toString().substring(0, 10) + "\", \"name\": \"" + name + "\"}")
                .post(ingest.url("/v1/tenants")).then().statusCode(201).extract().jsonPath();
        return new Floor(ingest, credentials);
    }

    /** Posts events in batches of at most 1,000; every one must be accepted (202). */
    void post(List<ObjectNode> events) {
        for (int from = 0; from < events.size(); from += 1000) {
            var batch = JSON.createObjectNode();
            batch.putArray("events").addAll(events.subList(from, Math.min(events.size(), from + 1000)));
            given().auth().oauth2(ingestKey).contentType(ContentType.JSON).body(batch.toString())
                    .post(ingest.url("/v1/tenants/" + tenant + "/events")).then().statusCode(202);
        }
    }

    void post(ObjectNode... events) {
        post(List.of(events));
    }

    // ------------------------------------------------------------------ events (EVENTS.md)

    ObjectNode event(String type, Instant at) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", type + "-" + (++sequence) + "-" + UUID.randomUUID().toString().substring(0, 8));
        e.put("type", type);
        e.put("occurredAt", at.toString());
        return e;
    }

    ObjectNode agentStatus(String agent, String status, int maxConcurrency, String group, Instant at) {
        ObjectNode e = event("agent.status", at).put("agentId", agent);
        ObjectNode data = e.putObject("data").put("status", status).put("maxConcurrency", maxConcurrency);
        data.putArray("skillGroups").add(group);
        return e;
    }

    ObjectNode visitorOnline(String visitor, String channel, String tier, Instant at) {
        ObjectNode e = event("visitor.online", at).put("visitorId", visitor).put("channel", channel);
        ObjectNode data = e.putObject("data").put("page", "/products");
        if (tier != null) {
            data.put("valueTier", tier);
        }
        return e;
    }

    ObjectNode started(String conversation, String visitor, String channel, String tier, Instant at) {
        ObjectNode e = event("conversation.started", at).put("conversationId", conversation).put("visitorId", visitor).put("channel", channel);
        ObjectNode data = e.putObject("data").put("initiator", "visitor");
        if (tier != null) {
            data.put("valueTier", tier);
        }
        return e;
    }

    ObjectNode queued(String conversation, String channel, String group, Instant at) {
        ObjectNode e = event("conversation.queued", at).put("conversationId", conversation).put("channel", channel).put("skillGroup", group);
        e.putObject("data").put("reason", "new");
        return e;
    }

    ObjectNode assigned(String conversation, String channel, String group, String agent, Instant at) {
        return event("conversation.assigned", at).put("conversationId", conversation).put("channel", channel)
                .put("skillGroup", group).put("agentId", agent);
    }

    ObjectNode message(String conversation, String channel, String sender, String agent, String text, Instant at) {
        ObjectNode e = event("message.created", at).put("conversationId", conversation).put("channel", channel);
        if (agent != null) {
            e.put("agentId", agent);
        }
        e.putObject("data").put("sender", sender).put("text", text);
        return e;
    }

    ObjectNode rated(String conversation, String channel, int score, Instant at) {
        ObjectNode e = event("conversation.rated", at).put("conversationId", conversation).put("channel", channel);
        e.putObject("data").put("score", score);
        return e;
    }

    ObjectNode closed(String conversation, String channel, Instant at) {
        ObjectNode e = event("conversation.closed", at).put("conversationId", conversation).put("channel", channel);
        e.putObject("data").put("resolved", true);
        return e;
    }

    // ------------------------------------------------------------------ the simulated half hour

    private static final String[] CHANNELS = { "web", "landing", "h5", "miniprogram", "app", "wechat_oa" };
    private static final String[] GROUPS = { "presales", "aftersales", "vip" };
    private static final String[] QUESTIONS = { "请问这款有现货吗？", "什么时候发货？", "可以开发票吗？", "优惠券怎么用？", "会员有什么权益？" };
    private static final String[] ANSWERS = { "您好，有现货的，今天下单明天发出。", "您好，一般 24 小时内发货。", "可以的，下单时填写抬头即可。" };

    /**
     * Thirty minutes of a floor up to {@code now}, the same for the same seed: 9 agents (one away),
     * 70 visitors online, about 90 conversations of which most are served and closed (some rated
     * badly), a dozen queued (the oldest long enough to breach the SLA), one agent leaving a visitor
     * unanswered, and a customer threatening a complaint.
     */
    List<ObjectNode> livingFloor(long seed, Instant now) {
        Random random = new Random(seed);
        List<ObjectNode> events = new ArrayList<>();
        Instant shift = now.minusSeconds(1900);
        String[][] agents = { { "小王", "presales" }, { "小李", "presales" }, { "小张", "presales" }, { "小陈", "presales" },
                { "小刘", "aftersales" }, { "小杨", "aftersales" }, { "小赵", "aftersales" }, { "Amy", "vip" }, { "小周", "aftersales" } };
        for (int i = 0; i < agents.length; i++) {
            events.add(agentStatus(agents[i][0], i == agents.length - 1 ? "away" : "online", agents[i][1].equals("vip") ? 3 : 5,
                    agents[i][1], shift));
        }
        for (int v = 0; v < 70; v++) {
            String channel = CHANNELS[Math.min(CHANNELS.length - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * 2.2))];
            events.add(visitorOnline("v" + v, channel, v % 23 == 0 ? "vip" : v % 7 == 0 ? "high" : null, now.minusSeconds(random.nextInt(50))));
        }
        for (int c = 0; c < 90; c++) {
            String id = "c" + (1000 + c);
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            String group = GROUPS[c % 11 == 0 ? 2 : random.nextInt(2)];
            String[] agent = agents[group.equals("vip") ? 7 : group.equals("presales") ? random.nextInt(4) : 4 + random.nextInt(3)];
            Instant start = now.minusSeconds(1800 - c * 19L);
            String tier = c % 11 == 0 ? "vip" : c % 5 == 0 ? "high" : "normal";
            events.add(started(id, "v" + c, channel, tier, start));
            events.add(message(id, channel, "visitor", null, QUESTIONS[random.nextInt(QUESTIONS.length)], start.plusSeconds(2)));
            events.add(queued(id, channel, group, start.plusSeconds(5)));
            if (c >= 78) {
                continue; // the last dozen still wait: the queue the floor is watching
            }
            Instant taken = start.plusSeconds(10 + random.nextInt(40));
            events.add(assigned(id, channel, group, agent[0], taken));
            events.add(message(id, channel, "agent", agent[0], ANSWERS[random.nextInt(ANSWERS.length)], taken.plusSeconds(5 + random.nextInt(40))));
            if (c < 60) {
                Instant end = taken.plusSeconds(120 + random.nextInt(200));
                events.add(rated(id, channel, c % 13 == 0 ? 1 : c % 9 == 0 ? 2 : 4 + random.nextInt(2), end.minusSeconds(5)));
                events.add(closed(id, channel, end));
            }
        }
        // The conversations still open: a complaint, and a visitor left unanswered for minutes.
        events.add(message("c1070", "web", "visitor", null, "三天了还没发货，再不退款我就去12315投诉！", now.minusSeconds(40)));
        events.add(message("c1072", "app", "visitor", null, "还在吗？怎么没人回复", now.minusSeconds(170)));
        return events;
    }
}
