package io.autoscaler.decisionengine.dashboard;

import static io.autoscaler.decisionengine.Fixtures.TOKEN;
import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.awaitDecision;
import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.feedUntilMovedFrom;
import static io.autoscaler.decisionengine.Fixtures.instanceId;
import static io.autoscaler.decisionengine.Fixtures.running;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.HeadlessChromium;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 15: the dashboard in a real headless Chromium, against the engine with a real Kafka: the overview
 * lists the pool, a scale-out shows in the replicas chart and the instance table, HAProxy's request and
 * 5xx rates in their chart, the editor's change lands on autoscaler.pools, and an invalid one shows the
 * API's 400 by field. It saves a screenshot at
 * 1280x800 (target/dashboard.png, or -Dautoscaler.dashboard.screenshot=../docs/dashboard.png).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DashboardBrowserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KafkaRecords kafka = KafkaBroker.shared().records();
    private ChromeDriver browser;
    private String pool;

    @TestHTTPResource("/dashboard/")
    URL page;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (pool != null) {
            api().delete("/pools/" + pool);
        }
    }

    @Test
    void showsAScaleOutAndChangesThePoolThroughTheApi() throws Exception {
        pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(1, 6)).put("/pools/" + pool).then().statusCode(201);
        awaitDecision(pool, d -> d.reason().contains("pool created"), Duration.ofSeconds(60));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 1));

        browser = HeadlessChromium.start(1280, 800);
        browser.get(page.toString());
        WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "live"));
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText(pool)));
        link.click();
        wait.until(ExpectedConditions.attributeContains(By.id("chart-replicas"), "aria-label", "current 1, desired 1"));

        // a scale-out: CPU at 90% of a 50% target until the engine decides 2, then the provisioner's membership
        feedUntilMovedFrom(pool, 1, () -> kafka.send(Topics.METRICS_CPU, pool, cpu(pool, 1, 90)));
        kafka.send(Topics.MEMBERSHIP, pool, running(pool, 2));
        String added = Naming.serverName(pool, instanceId(1));
        kafka.send(Topics.LB_EVENTS, pool, new LbEvent(UUID.randomUUID(), pool, instanceId(1), added,
                LbEvent.State.ADDED, 0, "added at 127.0.0.3:8080, UP at once (probed ready)", Timestamps.now()));
        // two snapshots 2 s apart whose 5xx count grew by 4: 2 per second
        Instant now = Timestamps.now();
        kafka.send(Topics.METRICS_HAPROXY, pool, haproxy(pool, now.minusSeconds(2), 4));
        kafka.send(Topics.METRICS_HAPROXY, pool, haproxy(pool, now, 8));
        wait.until(ExpectedConditions.attributeContains(By.id("chart-replicas"), "aria-label", "current 2, desired 2"));
        wait.until(ExpectedConditions.attributeContains(By.id("chart-requests"), "aria-label",
                "requests/s 16.0, 5xx/s 2.0"));
        wait.until(d -> rows("instances").size() == 2 && rows("instances").get(1).getText().contains("UP"));
        assertThat(rows("instances").get(1).getText(), containsString("RUNNING"));
        List<WebElement> cells = rows("instances").get(1).findElements(By.tagName("td"));
        assertThat("HAProxy's status beside the state", cells.get(3).getText(), is("UP"));
        assertThat("the server's sessions", cells.get(4).getText(), is("5"));
        wait.until(d -> browser.findElement(By.id("lb-events")).getText().contains("ADDED"));
        wait.until(d -> browser.findElement(By.id("decisions")).getText().contains("1 → 2"));
        HeadlessChromium.screenshot(browser, 1280, 1500);

        // the editor, with the token pasted into the page (sessionStorage), never in the page itself
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("token-use")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-state"), "token set"));
        assertThat(browser.getPageSource().contains(TOKEN), is(false));
        replace("edit-max", "5");
        browser.findElement(By.id("edit-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "Saved"));
        kafka.await(Topics.POOLS, r -> pool.equals(r.key()) && r.value() != null
                && EventJson.decode(r.value(), PoolSpec.class).maxReplicas() == 5, TIMEOUT);

        replace("edit-min", "-1");
        browser.findElement(By.id("edit-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "HTTP 400"));
        assertThat(browser.findElement(By.id("edit-errors")).getText(), containsString("minReplicas"));
        assertThat(browser.findElement(By.id("edit-min")).getAttribute("aria-invalid"), is("true"));

        // phone width: nothing wider than the screen, the editor still there
        browser.manage().window().setSize(new Dimension(390, 844));
        wait.until(d -> ((Number) browser.executeScript("return window.innerWidth")).intValue() <= 400);
        long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat("horizontal overflow at phone width", overflow, lessThanOrEqualTo(0L));
        assertThat(browser.findElement(By.id("edit-save")).isDisplayed(), is(true));
    }

    private static HaproxySnapshot haproxy(String pool, Instant at, long responses5xx) {
        return new HaproxySnapshot(pool, pool, at, List.of(server(pool, 0, 7), server(pool, 1, 5)),
                new HaproxySnapshot.Totals(12, 0, 16.0, responses5xx));
    }

    private static HaproxySnapshot.Server server(String pool, int i, int sessions) {
        return new HaproxySnapshot.Server(Naming.serverName(pool, instanceId(i)), instanceId(i), "UP", sessions, 0, 8.0,
                40.0, "L7OK", 1);
    }

    private List<WebElement> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr"));
    }

    private void replace(String input, String value) {
        WebElement field = browser.findElement(By.id(input));
        field.clear();
        field.sendKeys(value);
    }
}
