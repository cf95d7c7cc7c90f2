package io.autoscaler.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.autoscaler.testing.HeadlessChromium;
import io.autoscaler.tools.Load;

/**
 * Issue 15 on the whole stack (the four service images, Kafka, HAProxy, app containers): the engine's
 * dashboard in headless Chromium while load drives the pool from 1 instance to more, as in the README's
 * walkthrough. The replicas chart and the instance table must show the scale-out, each new instance RUNNING
 * and UP in HAProxy, within the loop's time; the screenshot is taken then
 * ({@code -Dautoscaler.dashboard.screenshot=../docs/dashboard.png} for the README's picture).
 */
class DashboardWalkthroughTest {
    // as AutoscalingLoopTest: 40 ms of CPU per request at 16/s is more than one instance's 0.5 CPU holds
    private static final String HEAVY = "/work?ms=40";
    private static final Pattern CURRENT = Pattern.compile("current (\\d+)");

    private final String pool = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
    private Loop loop;
    private Load load;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (load != null) {
            load.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void theDashboardShowsAScaleOutUnderLoad() throws Exception {
        loop = Loop.start(pool);
        loop.putPool(loop.spec(1));
        browser = HeadlessChromium.start(1280, 800);
        browser.get(loop.api("/dashboard/#pool=" + pool).toString());
        WebDriverWait wait = new WebDriverWait(browser, Loop.SCALING);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "live"));
        wait.until(d -> upAndRunning() == 1);

        load = Load.start(loop.frontend(HEAVY), 16, Duration.ofSeconds(20));
        wait.until(d -> current() >= 2 && upAndRunning() >= 2);
        assertThat("requests reach the pool", load.report().sent(), greaterThanOrEqualTo(1L));
        wait.until(d -> browser.findElement(By.id("decisions")).getText().contains("SCALE"));
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeContains(By.id("chart-requests"),
                "aria-label", "requests/s –")));
        HeadlessChromium.screenshot(browser, 1280, 1500);
    }

    /** The replicas chart's current count, as its label says it (0 before the first sample). */
    private int current() {
        Matcher m = CURRENT.matcher(browser.findElement(By.id("chart-replicas")).getAttribute("aria-label"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * Rows of the instance table whose instance is RUNNING and whose server HAProxy has UP, read in one
     * script call: the page rebuilds the table every second, so elements held across calls go stale.
     */
    private long upAndRunning() {
        List<?> rows = (List<?>) browser.executeScript(
                "return [...document.querySelectorAll('#instances tbody tr')].map(r => r.innerText)");
        return rows.stream().map(String::valueOf).filter(t -> t.contains("RUNNING") && t.contains("UP")).count();
    }
}
