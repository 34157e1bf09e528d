package dev.floorwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

import dev.floorwatch.testing.ConsumerGroups;
import dev.floorwatch.testing.LocalStack;
import dev.floorwatch.testing.ServiceProcess;
import io.restassured.http.ContentType;

/**
 * The wallboard in a real headless Chromium against the four services as processes on the real
 * Kafka and Redis: events posted through ingest move the numbers, risk and alerts show up, the page
 * survives its stream being cut, a viewer cannot acknowledge, and the populated board is saved as
 * {@code docs/wallboard.png}.
 */
class WallboardIT {

    private static ServiceProcess ingest;
    private static ServiceProcess metrics;
    private static ServiceProcess alerts;
    private static ServiceProcess notifier;
    private ChromeDriver browser;

    @BeforeAll
    static void startServices() throws Exception {
        // The wallboard's origin (metrics-service on a free port) is allowed by CORS on the other two.
        Map<String, String> cors = Map.of("FLOORWATCH_WALLBOARD_ORIGINS", "/http://127\\.0\\.0\\.1:[0-9]+/");
        ingest = ServiceProcess.start("ingest-service", Map.of());
        alerts = ServiceProcess.start("alert-service", with(cors, "FLOORWATCH_ALERTS_CONSUMER_GROUP", "alert-service-wb"));
        notifier = ServiceProcess.start("notifier-service", with(with(cors, "FLOORWATCH_NOTIFIER_CONSUMER_GROUP", "notifier-wb"),
                "FLOORWATCH_TOPICS_NOTIFICATIONS_DLQ", "floorwatch-test.notifications.dlq"));
        metrics = ServiceProcess.start("metrics-service", Map.of("FLOORWATCH_METRICS_CONSUMER_GROUP", "metrics-wb",
                "FLOORWATCH_WALLBOARD_ALERT_URL", alerts.url(""), "FLOORWATCH_WALLBOARD_NOTIFIER_URL", notifier.url("")));
        awaitConsumers();
    }

    @AfterAll
    static void stopServices() {
        for (ServiceProcess service : new ServiceProcess[] { metrics, notifier, alerts, ingest }) {
            if (service != null) {
                service.close();
            }
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws Exception {
        if (browser != null) {
            // What the page looked like at the end, for a failure's post-mortem (target/screenshots).
            Path dir = Files.createDirectories(Path.of("target/screenshots"));
            String name = test.getTestMethod().orElseThrow().getName();
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
            Files.write(dir.resolve(name + ".console.log"), console);
            browser.quit();
            // Refused requests (a viewer's 403, a killed service) are expected; a script error or a blocked resource is not.
            assertEquals(List.of(), console.stream().filter(line -> line.contains("Content Security Policy")
                    || line.contains("Uncaught") || line.contains("wallboard: rendering")).toList());
        }
    }

    @Test
    void eventsPostedThroughIngestMoveTheNumbersWithinTwoSeconds() {
        Floor floor = Floor.newTenant(ingest, "数字测试");
        open(floor, floor.viewerToken);
        assertFalse(browser.getCurrentUrl().contains(floor.viewerToken), "the token is taken out of the address bar");
        assertEquals("0", kpi("queue.length"));

        // A first visitor warms the path (JIT, connections: the first test of a cold stack on 2 cores).
        floor.post(floor.visitorOnline("v1", "web", null, Instant.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "1".equals(kpi("traffic.onlineVisitors")));

        Instant now = Instant.now();
        floor.post(floor.started("q1", "v1", "web", null, now), floor.queued("q1", "web", "presales", now));
        long posted = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> "1".equals(kpi("queue.length")));
        System.out.printf("wallboard showed the queued conversation %d ms after the 202%n", (System.nanoTime() - posted) / 1_000_000);
        // The drill-down lists the queued conversation with its channel.
        await().atMost(Duration.ofSeconds(3)).until(() -> !browser.findElements(By.cssSelector("#conversations tr[data-id='q1']")).isEmpty());

        // English on the switch, Chinese by default.
        assertEquals("排队人数", label("queue.length"));
        browser.findElement(By.id("lang")).click();
        assertEquals("In queue", label("queue.length"));
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
    }

    @Test
    void aComplaintHighlightsTheConversationWithTheMatchedWordAndAlerts() {
        Floor floor = Floor.newTenant(ingest, "风险测试");
        open(floor, floor.viewerToken);
        Instant now = Instant.now();
        floor.post(floor.started("r1", "v1", "h5", null, now), floor.queued("r1", "h5", "aftersales", now),
                floor.message("r1", "h5", "visitor", null, "你们再不处理我就要投诉了", now));

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#conversations tr.risk[data-id='r1']")).size() == 1);
        assertEquals("投诉", read("#conversations tr[data-id='r1'] td.matched mark", "textContent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> alertShown("complaint-words|conversation=r1") != null);
        assertTrue(alertShown("complaint-words|conversation=r1").contains("投诉"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(kpi("quality.riskConversations")));

        // The alert's link in an IM message (no token in it) opens this tab's session on the alert's scope.
        floor.post(floor.started("other", "v2", "web", null, now), floor.queued("other", "web", "aftersales", now));
        browser.get(metrics.url("/#tenant=" + floor.tenant + "&channel=h5&conversation=r1"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "live".equals(connection())
                && "true".equals(script("document.querySelector(\"#conversations tr.focus[data-id='r1']\") !== null")));
        assertEquals("1", script("document.querySelectorAll('#conversations tr[data-id]').length"), "filtered to the h5 channel");
        assertTrue(script("document.getElementById('conv-filters').textContent").contains("H5"));
    }

    @Test
    void aFiringAlertShowsInTheStripAndAnAdminAcknowledgesIt() {
        Floor floor = Floor.newTenant(ingest, "告警测试");
        open(floor, floor.adminToken);
        queueTen(floor);

        await().atMost(Duration.ofSeconds(15)).until(() -> alertShown("queue-length-warning") != null);
        String alert = alertShown("queue-length-warning");
        assertTrue(alert.contains("sev-warning"), alert);
        assertTrue(alert.contains("临时加人"), "the runbook action is shown: " + alert);
        // The number itself turns amber: the same threshold as the rule.
        await().atMost(Duration.ofSeconds(3)).until(() -> kpiLevel("queue.length").contains("level-warning"));

        browser.findElement(By.cssSelector(".alert[data-key='queue-length-warning'] button.ack")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> given().auth().oauth2(floor.viewerToken)
                .get(alerts.url("/v1/tenants/" + floor.tenant + "/alerts")).jsonPath()
                .getList("open.findAll { it.key == 'queue-length-warning' }.acknowledgedBy").contains("wallboard"));
        await().atMost(Duration.ofSeconds(3)).until(() -> alertShown("queue-length-warning").contains("已确认"));

        // "Save snapshot": listed with the one saved when the alert fired.
        browser.findElement(By.id("save-snapshot")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> script("document.getElementById('side-list').innerText").contains("手动"));
        assertTrue(script("document.getElementById('side-list').innerText").contains("告警"), "the alert's own snapshot is listed too");
    }

    @Test
    void aViewerSeesAlertsButCannotAcknowledge() {
        Floor floor = Floor.newTenant(ingest, "查看者");
        open(floor, floor.viewerToken);
        queueTen(floor);
        await().atMost(Duration.ofSeconds(15)).until(() -> alertShown("queue-length-warning") != null);
        assertTrue(browser.findElements(By.cssSelector("#alert-list button.ack")).isEmpty(), "no acknowledge button for a viewer");
        assertFalse(browser.findElement(By.id("save-snapshot")).isDisplayed());

        // Forcing admin mode with the viewer token: the button appears, alert-service refuses, the page says so.
        browser.findElement(By.id("admin")).click();
        browser.findElement(By.id("admin-token")).sendKeys(floor.viewerToken);
        browser.findElement(By.id("admin-ok")).click();
        await().atMost(Duration.ofSeconds(3)).until(() -> !browser.findElements(By.cssSelector("#alert-list button.ack")).isEmpty());
        browser.findElement(By.cssSelector(".alert[data-key='queue-length-warning'] button.ack")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("toast")).getText().contains("403"));
        assertTrue(browser.findElement(By.id("toast")).getText().contains("无权限"));
        List<Object> acknowledged = given().auth().oauth2(floor.viewerToken).get(alerts.url("/v1/tenants/" + floor.tenant + "/alerts"))
                .jsonPath().getList("open.findAll { it.key == 'queue-length-warning' }.acknowledgedBy");
        assertEquals(1, acknowledged.size());
        assertEquals(null, acknowledged.get(0), "still unacknowledged");
    }

    @Test
    void thePageRecoversWhenItsStreamIsCut() throws Exception {
        Floor floor = Floor.newTenant(ingest, "断线测试");
        open(floor, floor.viewerToken);

        Set<String> crashed = ConsumerGroups.memberIds("metrics-wb");
        metrics.crash();
        await().atMost(Duration.ofSeconds(8)).until(() -> connection().equals("reconnecting"));
        assertTrue(browser.findElement(By.id("conn")).getText().contains("重连"));

        metrics.launch();
        // The crashed member keeps its partitions until its session times out (10 s): wait for the new one.
        ConsumerGroups.awaitAssignedWithout("metrics-wb", crashed, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(15)).until(() -> connection().equals("live"));
        Instant now = Instant.now();
        floor.post(floor.started("after", "v9", "app", null, now), floor.queued("after", "app", "presales", now));
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(kpi("queue.length")));
    }

    @Test
    void theLivingFloorAt1920x1080IsSavedAsTheReadmeScreenshot() throws Exception {
        Floor floor = Floor.newTenant(ingest, "演示");
        given().auth().oauth2(floor.adminToken).contentType(ContentType.JSON).body("[{\"id\": \"board\", \"type\": \"inapp\"}]")
                .put(notifier.url("/v1/tenants/" + floor.tenant + "/receivers")).then().statusCode(200);
        open(floor, floor.adminToken);
        floor.post(floor.livingFloor(7, Instant.now()));

        // Everything that makes the picture: numbers, rows, alerts (critical wait, queue length, complaint), a notification.
        await().atMost(Duration.ofSeconds(20)).until(() -> "12".equals(kpi("queue.length")));
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElements(By.cssSelector("#alert-list .alert")).size() >= 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#conversations tr.risk")).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#side-list li.note")).isEmpty());
        assertTrue(kpiLevel("queue.longestWaitSeconds").contains("level-critical"));
        assertFalse(browser.findElements(By.cssSelector("#agents tr.silent")).isEmpty(), "the agent leaving a visitor unanswered stands out");
        // The half hour's conversations on the per-minute chart (trends re-read at most 15 s after they are counted).
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.parseInt(script("document.getElementById('trends').dataset.started || '0'")) >= 80);
        // Risk conversations are listed first, with their words.
        assertEquals("c1070", script("document.querySelector('#conversations tr[data-id]').dataset.id"));

        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target/wallboard.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(shot, LocalStack.ROOT.resolve("docs/wallboard.png"), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(target) > 50_000, "a populated board, not a blank page");
    }

    // ------------------------------------------------------------------ page helpers

    private void open(Floor floor, String token) {
        browser.get(metrics.url("/#tenant=" + floor.tenant + "&token=" + token));
        await().atMost(Duration.ofSeconds(10)).until(() -> connection().equals("live"));
    }

    private String connection() {
        return browser.findElement(By.id("conn")).getAttribute("data-state");
    }

    /** Reads in one script: the numbers are re-rendered every second, an element handle would go stale. */
    private String read(String selector, String what) {
        Object value = browser.executeScript("const e = document.querySelector(arguments[0]); return e && e[arguments[1]];",
                selector, what);
        return value == null ? null : value.toString();
    }

    private String script(String expression) {
        return String.valueOf(browser.executeScript("return " + expression + ";"));
    }

    private String kpi(String metric) {
        String text = read("#kpis [data-kpi='" + metric + "'] .value", "textContent");
        return text == null ? null : text.replaceAll("[▲▼▬]", "").trim();
    }

    private String kpiLevel(String metric) {
        return read("#kpis [data-kpi='" + metric + "']", "className");
    }

    private String label(String metric) {
        return read("#kpis [data-kpi='" + metric + "'] .label", "textContent");
    }

    /** The alert's card text as shown, or null while it is not in the strip. */
    private String alertShown(String key) {
        Object text = browser.executeScript(
                "const e = [...document.querySelectorAll('#alert-list .alert')].find(a => a.dataset.key === arguments[0]);"
                        + " return e ? e.className + '\\n' + e.innerText : null;", key);
        return text == null ? null : text.toString();
    }

    private static void queueTen(Floor floor) {
        Instant now = Instant.now();
        var events = new java.util.ArrayList<com.fasterxml.jackson.databind.node.ObjectNode>();
        for (int i = 0; i < 10; i++) {
            events.add(floor.started("w" + i, "v" + i, "web", null, now));
            events.add(floor.queued("w" + i, "web", "presales", now));
        }
        floor.post(events);
    }

    private static void awaitConsumers() {
        for (String group : List.of("metrics-wb", "alert-service-wb", "alert-service-wb-events", "notifier-wb")) {
            ConsumerGroups.awaitAssigned(group, Duration.ofSeconds(60));
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var map = new java.util.HashMap<>(base);
        map.put(key, value);
        return map;
    }
}
