package io.autoscaler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} (infra/stack test installs
 * them), with the flags that keep it off every network but loopback, and a fresh profile. For the
 * dashboard's tests: the engine's own (decision-engine) and the walkthrough on the whole stack (e2e).
 */
public final class HeadlessChromium {
    public static final Path CHROMIUM = Path.of(System.getProperty("autoscaler.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("autoscaler.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    public static ChromeDriver start(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("no " + CHROMIUM + " or " + DRIVER
                    + ": install Debian's chromium and chromium-driver (infra/stack test does)");
        }
        Path profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }

    /**
     * Saves what the page shows at {@code width}, in a window tall enough for {@code height} of it, to
     * {@code target} (the property {@code autoscaler.dashboard.screenshot}, e.g. ../docs/dashboard.png, or
     * target/dashboard.png), then gives the window back its size.
     */
    public static Path screenshot(ChromeDriver browser, int width, int height) throws IOException {
        Path target = Path.of(System.getProperty("autoscaler.dashboard.screenshot", "target/dashboard.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(width, height));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> ((Number) browser
                .executeScript("return window.innerHeight")).intValue() > height * 2 / 3);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
        return target;
    }
}
